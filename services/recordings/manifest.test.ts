import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestRecording } from '../../tests/support/test-media';
import { ManifestError } from './errors';
import { importRecordings } from './import';
import { parseManifest, readManifest } from './manifest';
import { openTestLibrary, testOperation, type TestLibrary } from '../../tests/support/import-library';

const known = { knownStations: new Set(['cpr', 'aed', 'bmv']) };
const at = '/exams/day1/manifest.csv';

function problemsOf(text: string): string[] {
  try {
    parseManifest(text, at, known);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the manifest to be refused');
}

describe('manifest parsing', () => {
  it('reads rows, resolves paths against the manifest folder and keeps extra columns as attributes', () => {
    const rows = parseManifest(
      '\uFEFFfile,candidate,station,session,date,room,camera\r\n' +
        'cam1/a.mp4,C-001,cpr,Year 3 OSCE,2026-03-14,Lab B,left\r\n' +
        '\r\n' +
        '"b, with comma.mov",C-002,,,,,\r\n' +
        '/abs/c.mkv,,aed,Year 3 OSCE,2026-03-14,"Lab\nC",\r\n',
      at,
      known,
    );
    expect(rows).toEqual([
      {
        line: 2,
        file: '/exams/day1/cam1/a.mp4',
        candidate: 'C-001',
        station: 'cpr',
        session: 'Year 3 OSCE',
        date: '2026-03-14',
        attributes: { room: 'Lab B', camera: 'left' },
      },
      { line: 4, file: '/exams/day1/b, with comma.mov', candidate: 'C-002', attributes: {} },
      {
        line: 5,
        file: '/abs/c.mkv',
        station: 'aed',
        session: 'Year 3 OSCE',
        date: '2026-03-14',
        attributes: { room: 'Lab\nC' },
      },
    ]);
  });

  it('reports every problem with its line number', () => {
    expect(
      problemsOf(
        'file,candidate,station,session,date\n' +
          ',C-1,cpr,S,2026-01-01\n' + // line 2
          'a.mp4,C-2,cprr,S,2026-01-01\n' + // line 3
          'b.mp4,C-3,cpr,S,2026-13-01\n' + // line 4
          'a.mp4,C-4,cpr,S,2026-01-01\n' + // line 5
          'c.mp4,C-5,cpr\n' + // line 6
          'd.mp4,C-6,cpr,S,2026-01-02\n' + // line 7
          'e.mp4,"C-7,cpr,S,2026-01-01\n', // line 8
      ),
    ).toEqual([
      'line 2: file is empty',
      "line 3: station 'cprr' is not a stored rubric id (known: aed, bmv, cpr)",
      "line 4: date '2026-13-01' is not a real calendar date",
      "line 5: file 'a.mp4' is already listed on line 3",
      'line 6: has 3 fields but the header has 5',
      'line 7: date 2026-01-02 differs from 2026-01-01 given for the same session on line 3',
      'line 8: a quoted field is not closed or has a stray quote',
    ]);
  });

  it('explains a missing file column, a semicolon file and an empty file', () => {
    expect(problemsOf('candidate,station\nC-1,cpr\n')).toEqual([
      "line 1: no 'file' column (the header must include file; optional: candidate, station, session, date)",
    ]);
    expect(problemsOf('file;candidate\na.mp4;C-1\n')[0]).toMatch(
      /semicolon- or tab-separated, save it as comma-separated CSV/,
    );
    expect(problemsOf('')).toEqual([': the file is empty; expected a header row starting with file']);
    expect(problemsOf('file,candidate\n')).toEqual([': it lists no recordings (only a header)']);
    expect(problemsOf('file,room,room\na.mp4,1,2\n')).toEqual(["line 1: column 'room' appears twice"]);
  });

  it('names an unreadable manifest', async () => {
    await expect(readManifest('/no/such/manifest.csv', known)).rejects.toThrow(
      /Manifest "manifest.csv": does not exist/,
    );
  });
});

describe('importing with a manifest', () => {
  let lib: TestLibrary;
  let dir: string;
  beforeAll(async () => {
    lib = await openTestLibrary();
    dir = await mkdtemp(join(tmpdir(), 'osce-manifest-'));
    await mkdir(join(dir, 'cam 1'));
    await makeTestRecording(join(dir, 'cam 1'), 'mp4-h264-aac', { fileName: 'first.mp4', durationS: 1 });
    await makeTestRecording(dir, 'webm-vp8', { fileName: 'second.webm', durationS: 1 });
  });
  afterAll(async () => {
    await lib.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('files each row under its own candidate, station and session; flags fill the gaps', async () => {
    const manifest = join(dir, 'exam day.csv');
    await writeFile(
      manifest,
      'file,candidate,station,session,date,room\n' +
        'cam 1/first.mp4,C-101,aed,Spring OSCE,2026-04-02,B12\n' +
        'second.webm,C-102,,,,\n' +
        'missing.mp4,C-103,,,,\n',
    );
    const r = await importRecordings(
      lib.ctx,
      { paths: [], manifest, station: 'cpr', session: 'Default session' },
      testOperation(),
    );
    expect(r.imported.map((i) => i.path)).toEqual([join(dir, 'cam 1', 'first.mp4'), join(dir, 'second.webm')]);
    expect(r.failed).toEqual([
      {
        path: join(dir, 'missing.mp4'),
        errorName: 'FileMissingError',
        error: expect.stringMatching(/"missing.mp4" no longer exists/),
      },
    ]);
    const rows = lib.ctx.db
      .prepare(
        `SELECT c.code AS candidate, st.rubric_id AS station, s.name AS session, s.exam_date AS date, r.attributes
         FROM recordings r JOIN stations st ON st.id = r.station_id JOIN exam_sessions s ON s.id = r.session_id
         JOIN candidates c ON c.id = r.candidate_id ORDER BY r.id`,
      )
      .all();
    expect(rows).toEqual([
      { candidate: 'C-101', station: 'aed', session: 'Spring OSCE', date: '2026-04-02', attributes: '{"room":"B12"}' },
      { candidate: 'C-102', station: 'cpr', session: 'Default session', date: null, attributes: '{}' },
    ]);
  });

  it('refuses a malformed manifest before importing anything', async () => {
    const manifest = join(dir, 'bad.csv');
    await writeFile(manifest, 'file,station\ncam 1/first.mp4,cpr\nsecond.webm,unknown-station\n');
    const before = lib.count('SELECT count(*) FROM recordings');
    await expect(importRecordings(lib.ctx, { paths: [dir], manifest }, testOperation())).rejects.toThrow(
      /Manifest "bad.csv", line 3: station 'unknown-station' is not a stored rubric id/,
    );
    expect(lib.count('SELECT count(*) FROM recordings')).toBe(before);
  });
});
