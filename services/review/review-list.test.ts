import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connection';
import { submitMarking } from './marking';
import { listReviewRecordings } from './review-list';
import {
  builtin,
  examiner,
  markAll,
  openReviewTestDb,
  seedRecordings,
  seedSuggestions,
} from '../../tests/support/review-fixtures';

let db: Db;
let ann: number;
let marked: number;
let suggested: number;
let autumn: number;
const N = 10_000;

beforeAll(() => {
  db = openReviewTestDb().db;
  const candidates = Array.from({ length: N - 2 }, (_, i) => `K${String(i).padStart(5, '0')}`);
  seedRecordings(db, { rubricId: 'bmv', sessionName: 'Spring', stationCode: 'B1', candidates });
  const aed = seedRecordings(db, {
    rubricId: 'aed',
    sessionName: 'Autumn',
    stationCode: 'A1',
    candidates: ['Z-1', 'Z-2'],
  });
  [marked, suggested] = aed.recordingIds as [number, number];
  autumn = aed.sessionId;
  ann = examiner(db, 'Ann');
  markAll(db, marked, ann, builtin('aed'), (s) => s.max_points);
  submitMarking(db, { recordingId: marked, examinerId: ann });
  seedSuggestions(db, suggested, builtin('aed'));
});
afterAll(() => db.close());

describe('review queue', () => {
  it('filters by station, candidate, session, status and text, with the marking status of each row', () => {
    const a1 = listReviewRecordings(db, { stationCode: 'A1', examinerId: ann });
    expect(a1.total).toBe(2);
    expect(a1.items.map((r) => [r.candidateCode, r.status, r.myMarking])).toEqual([
      ['Z-2', 'suggestions_ready', 'not_started'],
      ['Z-1', 'marked_by_one', 'submitted'],
    ]);
    expect(a1.stations).toEqual(['A1', 'B1']);
    expect(listReviewRecordings(db, { sessionId: autumn }).items.map((r) => r.id)).toEqual([suggested, marked]); // newest first
    expect(listReviewRecordings(db, { candidate: 'k0001' }).total).toBe(10); // K00010..K00019, case-insensitive prefix
    expect(listReviewRecordings(db, { status: 'marked_by_one' }).items.map((r) => r.id)).toEqual([marked]);
    expect(listReviewRecordings(db, { status: 'unmarked' }).total).toBe(N - 2);
    expect(listReviewRecordings(db, { search: 'Z-2' }).items.map((r) => r.id)).toEqual([suggested]);
    expect(listReviewRecordings(db, { candidate: '%' }).total).toBe(0); // LIKE wildcards are literal
  });

  it('pages 10,000 recordings quickly, with and without a status filter', () => {
    let t = performance.now();
    const page = listReviewRecordings(db, { offset: 9_900, limit: 200, examinerId: ann });
    const plain = performance.now() - t;
    expect(page.total).toBe(N);
    expect(page.items).toHaveLength(100);
    t = performance.now();
    const filtered = listReviewRecordings(db, { status: 'unmarked', offset: 5_000, limit: 200 });
    const byStatus = performance.now() - t;
    expect(filtered.items).toHaveLength(200);
    expect(filtered.items.every((r) => r.status === 'unmarked')).toBe(true);
    // Generous bounds for a shared 2-core machine; the point is "interactive", not a benchmark.
    console.log(`review queue page: ${plain.toFixed(0)} ms; by status: ${byStatus.toFixed(0)} ms`);
    expect(plain).toBeLessThan(150);
    expect(byStatus).toBeLessThan(150);
  });

  it('walks every page of a filter once, newest first, with no row skipped or repeated', () => {
    for (const filter of [{}, { stationCode: 'B1' }, { status: 'unmarked' as const }, { search: 'K00' }]) {
      const all = listReviewRecordings(db, { ...filter, limit: N }).items.map((r) => r.id);
      const walked: number[] = [];
      for (let offset = 0; offset < all.length; offset += 700)
        walked.push(...listReviewRecordings(db, { ...filter, limit: 700, offset }).items.map((r) => r.id));
      expect(walked).toEqual(all);
      expect(all).toEqual([...all].sort((a, b) => b - a));
      expect(new Set(all).size).toBe(listReviewRecordings(db, { ...filter, limit: 1 }).total);
    }
  });
});
