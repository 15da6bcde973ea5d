/**
 * Issue 12, finding 5: a real session (the demo: candidates examined at several stations) exports
 * to a bundle and merges into a fresh database with the same agreement figures and a verified trail.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../backend/open';
import { createDemoDatabase } from '../demo/create';
import { verifyAuditTrail } from '../integrity/verify';
import { silentLogger } from '../core/log';
import { buildAgreementReport } from '../reports/report';
import { exportBundle, importBundle } from '.';

// Point estimates: bootstrap intervals resample recordings in row order, which a merge does not keep.
const figures = (r: ReturnType<typeof buildAgreementReport>) => ({
  pairs: r.examinerPairs,
  stringency: r.stringency,
  problems: r.problems,
});

describe('demo session through a bundle', () => {
  it('demo session exports to a bundle and merges into a fresh DB with the same agreement figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-demo-bundle-'));
    const demoPath = join(dir, 'demo', 'osce-demo.sqlite');
    await createDemoDatabase(demoPath);
    const demo = openServiceContext({ dbPath: demoPath, appVersion: 'test', logger: silentLogger });
    const candidates = demo.ctx.db.prepare('SELECT count(*) FROM candidates').pluck().get() as number;
    const recordings = demo.ctx.db.prepare('SELECT count(*) FROM recordings').pluck().get() as number;
    expect(recordings).toBeGreaterThan(candidates); // candidates are examined at several stations
    const session = demo.ctx.db.prepare('SELECT name FROM exam_sessions').pluck().get() as string;
    const bundle = exportBundle(demo.ctx.db, {
      session,
      out: join(dir, 'demo.bundle'),
      withMedia: true,
      workstation: 'demo',
      actor: 't',
      keys: demo.ctx.keys,
    });
    expect(bundle.media).toBe(recordings);
    const expected = figures(buildAgreementReport(demo.ctx.db, {}, { bootstrap: 0 }));

    const fresh = openServiceContext({
      dbPath: join(dir, 'fresh', 'osce.sqlite'),
      appVersion: 'test',
      logger: silentLogger,
    });
    const r = importBundle(fresh.ctx.db, bundle.file, {
      libraryDir: fresh.ctx.libraryDir,
      actor: 't',
      keys: fresh.ctx.keys,
      trust: true,
    });
    expect(r.conflicts).toEqual([]);
    expect(r.added.recording).toBe(recordings);
    expect(r.added.candidate).toBe(candidates);
    expect(figures(buildAgreementReport(fresh.ctx.db, {}, { bootstrap: 0 }))).toEqual(expected);
    expect(expected.pairs.length).toBeGreaterThan(0);
    expect(verifyAuditTrail(fresh.ctx.db, { dbPath: fresh.ctx.dbPath, keys: fresh.ctx.keys })).toMatchObject({
      ok: true,
      anchor: 'verified',
    });
    demo.close();
    fresh.close();
  });
});
