import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../integrity/audit';
import { noopOperation } from '../core/context';
import { probeRecording } from '../media';
import {
  NASTY_NAME,
  makeTestRecording,
  makeTestRecordings,
  skipReason,
  testMediaBinaries,
  type TestRecordingKind,
} from '../../tests/support/test-media';
import { updateSettings } from '../system/settings';
import { importRecordings } from './import';
import { copyRelPath, posterRelPath } from './library';
import { openTestLibrary, testOperation, type TestLibrary } from '../../tests/support/import-library';

const KINDS: TestRecordingKind[] = [
  'mp4-h264-aac',
  'mp4-no-audio',
  'mov-hevc',
  'mkv-h264',
  'webm-vp8',
  'webm-vp9',
  'mp4-av1',
  'avi-mjpeg',
  'mp4-vfr',
  'mp4-portrait-rotated',
];

/** What each format must come out as: codec, audio, and whether Chromium needs a proxy for it. */
const EXPECTED: Record<
  TestRecordingKind,
  { codec: string; audio: boolean; proxy: 'pending' | 'not_needed'; ext: string }
> = {
  'mp4-h264-aac': { codec: 'h264', audio: true, proxy: 'not_needed', ext: 'mp4' },
  'mp4-no-audio': { codec: 'h264', audio: false, proxy: 'not_needed', ext: 'mp4' },
  'mov-hevc': { codec: 'hevc', audio: true, proxy: 'pending', ext: 'mov' },
  'mkv-h264': { codec: 'h264', audio: true, proxy: 'pending', ext: 'mkv' },
  'webm-vp8': { codec: 'vp8', audio: true, proxy: 'not_needed', ext: 'webm' },
  'webm-vp9': { codec: 'vp9', audio: true, proxy: 'not_needed', ext: 'webm' },
  'mp4-av1': { codec: 'av1', audio: false, proxy: 'not_needed', ext: 'mp4' },
  'avi-mjpeg': { codec: 'mjpeg', audio: true, proxy: 'pending', ext: 'avi' },
  'mp4-vfr': { codec: 'h264', audio: false, proxy: 'not_needed', ext: 'mp4' },
  'mp4-portrait-rotated': { codec: 'h264', audio: true, proxy: 'not_needed', ext: 'mp4' },
};

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let src: string;
let files: Partial<Record<TestRecordingKind, string>>;

beforeAll(async () => {
  src = await mkdtemp(join(tmpdir(), 'osce-import-src-'));
  for (const kind of KINDS) if (skipReason(kind)) console.warn(`import tests: skipping ${kind}: ${skipReason(kind)}`);
  files = await makeTestRecordings(join(src), KINDS);
});
afterAll(async () => {
  await rm(src, { recursive: true, force: true });
});

describe('importing every format into the library (copy)', () => {
  let lib: TestLibrary;
  let result: Awaited<ReturnType<typeof importRecordings>>;
  const before = new Map<string, { sha: string; mtimeMs: number }>();

  beforeAll(async () => {
    lib = await openTestLibrary();
    for (const path of Object.values(files))
      before.set(path!, { sha: sha256(path!), mtimeMs: statSync(path!).mtimeMs });
    result = await importRecordings(
      lib.ctx,
      {
        paths: [src],
        station: 'cpr',
        session: 'Year 3 OSCE',
        date: '2026-03-14',
        site: 'Skills lab B',
        candidate: 'C-017',
        examiners: ['Dr Okafor'],
      },
      testOperation(),
    );
  });
  afterAll(() => lib.dispose());

  it('imports each file once, with nothing failed', () => {
    expect(result.failed).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.imported.map((r) => basename(r.path)).sort()).toEqual(
      Object.values(files)
        .map((p) => basename(p!))
        .sort(),
    );
  });

  // Kinds this ffmpeg cannot encode are left out (and named by the warning in beforeAll).
  it.each(KINDS.filter((k) => !skipReason(k)))(
    '%s: probe facts, content-addressed copy, poster and proxy status',
    async (kind) => {
      const path = files[kind]!;
      const rec = result.imported.find((r) => r.path === path)!;
      const want = EXPECTED[kind];
      expect(rec.sha256).toBe(before.get(path)!.sha);
      expect(rec.videoCodec).toBe(want.codec);
      expect(rec.hasAudio).toBe(want.audio);
      expect(rec.proxyStatus).toBe(want.proxy);
      expect(rec.durationS).toBeGreaterThan(1.5);
      expect(rec.durationS).toBeLessThan(2.6);
      if (kind === 'mp4-portrait-rotated') expect([rec.width, rec.height]).toEqual([180, 320]);
      else expect([rec.width, rec.height]).toEqual([320, 180]);

      const row = lib.ctx.db.prepare('SELECT * FROM recordings WHERE id = ?').get(rec.id) as Record<string, unknown>;
      const stored = join(lib.ctx.libraryDir, copyRelPath(rec.sha256, want.ext));
      expect(row.stored_path).toBe(stored);
      expect(row.storage).toBe('copy');
      expect(row.original_path).toBe(path);
      expect(sha256(stored)).toBe(rec.sha256);
      expect(row.vfr).toBe(kind === 'mp4-vfr' ? 1 : 0);
      const poster = join(lib.ctx.libraryDir, posterRelPath(rec.sha256));
      expect(row.poster_path).toBe(posterRelPath(rec.sha256));
      expect(readFileSync(poster).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    },
  );

  it('never modifies an original', () => {
    for (const [path, was] of before) {
      expect(sha256(path), path).toBe(was.sha);
      expect(statSync(path).mtimeMs, path).toBe(was.mtimeMs);
    }
  });

  it('files every recording under its session, station, candidate and examiner, with an audit event each', () => {
    const n = result.imported.length;
    expect(
      lib.count(
        `SELECT count(*) FROM exam_sessions WHERE name = 'Year 3 OSCE' AND exam_date = '2026-03-14' AND site = 'Skills lab B'`,
      ),
    ).toBe(1);
    expect(lib.count(`SELECT count(*) FROM stations WHERE code = 'CPR' AND rubric_id = 'cpr'`)).toBe(1);
    expect(
      lib.count(`SELECT count(*) FROM recordings r JOIN candidates c ON c.id = r.candidate_id WHERE c.code = 'C-017'`),
    ).toBe(n);
    expect(
      lib.count(
        `SELECT count(*) FROM recording_examiners re JOIN raters ra ON ra.id = re.rater_id WHERE ra.name = 'Dr Okafor'`,
      ),
    ).toBe(n);
    expect(lib.count(`SELECT count(*) FROM audit_events WHERE action = 'import' AND entity = 'recording'`)).toBe(n);
    expect(verifyAudit(lib.ctx.db).ok).toBe(true);
  });

  it('leaves no temporary files in the library', () => {
    expect(lib.libraryFiles().filter((f) => basename(f).startsWith('.'))).toEqual([]);
  });
});

describe('duplicates, references, names', () => {
  let lib: TestLibrary;
  let dir: string;
  beforeAll(async () => {
    lib = await openTestLibrary();
    dir = await mkdtemp(join(tmpdir(), 'osce-import-dup-'));
  });
  afterAll(async () => {
    await lib.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the same bytes again as a duplicate of the existing recording, in the same batch and later', async () => {
    const a = files['mp4-h264-aac']!;
    const copy = join(dir, 'renamed copy.mp4');
    await copyFile(a, copy);
    const op = testOperation();
    const first = await importRecordings(lib.ctx, { paths: [a, copy], station: 'aed', session: 'Dups' }, op);
    expect(first.imported).toHaveLength(1);
    expect(first.duplicates).toEqual([{ path: copy, existingId: first.imported[0]!.id }]);
    const again = await importRecordings(lib.ctx, { paths: [a], station: 'cpr', session: 'Other' }, testOperation());
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toEqual([{ path: a, existingId: first.imported[0]!.id }]);
    expect(lib.count('SELECT count(*) FROM recordings')).toBe(1);
    // The duplicate's session is not created: nothing of a file that was not imported is kept.
    expect(lib.count(`SELECT count(*) FROM exam_sessions WHERE name = 'Other'`)).toBe(0);
    expect(lib.libraryFiles()).toHaveLength(2); // one copy, one poster

    expect(op.reports.at(0)).toMatchObject({ done: 0, total: 2, current: basename(a) });
    expect(op.reports.at(-1)).toMatchObject({ done: 2, total: 2 });
  });

  it('works on two files at once, yet gives recordings their ids and progress in the order of the files', async () => {
    const batch = await mkdtemp(join(tmpdir(), 'osce-import-pair-'));
    const names = ['a first.mp4', 'b second.mp4', 'c third.mp4', 'd fourth.mp4'];
    const paths = await Promise.all(
      names.map((n, i) => makeTestRecording(batch, 'mp4-no-audio', { fileName: n, durationS: 1 + i / 10 })),
    );
    const stages: string[] = [];
    const op = testOperation();
    const r = await importRecordings(lib.ctx, { paths, station: 'cpr', session: 'Pairs' }, op, {
      concurrency: 2,
      afterStage: (s, p) => void stages.push(`${basename(p)} ${s}`),
    });
    expect(r.imported.map((i) => basename(i.path))).toEqual(names);
    const ids = r.imported.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    // The second file was under way before the first was finished.
    expect(stages.indexOf('b second.mp4 checked')).toBeLessThan(stages.indexOf('a first.mp4 poster'));
    const done = op.reports.map((p) => p.done);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(op.reports.at(-1)).toMatchObject({ done: 4, total: 4 });
    await rm(batch, { recursive: true, force: true });
  });

  it('keeps ids in the order of the files when a file between them fails early and the first is slow', async () => {
    const batch = await mkdtemp(join(tmpdir(), 'osce-import-order-'));
    const a = await makeTestRecording(batch, 'mp4-no-audio', { fileName: 'a first.mp4', durationS: 1.35 });
    const b = join(batch, 'b broken.mp4');
    await writeFile(b, 'not a video\n');
    const c = await makeTestRecording(batch, 'mp4-no-audio', { fileName: 'c third.mp4', durationS: 1.45 });
    const r = await importRecordings(lib.ctx, { paths: [a, b, c], station: 'cpr', session: 'Order' }, testOperation(), {
      concurrency: 2,
      // The first file is slow to finish (a long file, a busy disk); the broken one fails at once.
      afterStage: async (stage, p) => {
        if (stage === 'poster' && basename(p) === 'a first.mp4') await new Promise((res) => setTimeout(res, 1000));
      },
    });
    expect(r.failed.map((f) => basename(f.path))).toEqual(['b broken.mp4']);
    const [first, third] = r.imported;
    expect([basename(first!.path), basename(third!.path)]).toEqual(['a first.mp4', 'c third.mp4']);
    expect(first!.id).toBeLessThan(third!.id);
    await rm(batch, { recursive: true, force: true });
  });

  it('settles, with the error, when reporting progress fails (one file at a time)', async () => {
    const batch = await mkdtemp(join(tmpdir(), 'osce-import-sink-'));
    const paths = [
      await makeTestRecording(batch, 'mp4-no-audio', { fileName: 'a.mp4', durationS: 1.55 }),
      await makeTestRecording(batch, 'mp4-no-audio', { fileName: 'b.mp4', durationS: 1.65 }),
    ];
    const op = {
      signal: new AbortController().signal,
      progress: () => {
        throw new Error('progress sink gone');
      },
    };
    await expect(
      importRecordings(lib.ctx, { paths, station: 'cpr', session: 'Sink' }, op, { concurrency: 1 }),
    ).rejects.toThrow('progress sink gone');
    await rm(batch, { recursive: true, force: true });
  });

  it('references a file in place when asked, copying nothing', async () => {
    const webm = files['webm-vp9']!;
    const r = await importRecordings(lib.ctx, { paths: [webm], station: 'bmv', storage: 'reference' }, testOperation());
    expect(r.imported).toHaveLength(1);
    const row = lib.ctx.db
      .prepare('SELECT stored_path, storage, size_bytes, mtime_ms FROM recordings WHERE id = ?')
      .get(r.imported[0]!.id);
    expect(row).toEqual({
      stored_path: webm,
      storage: 'reference',
      size_bytes: statSync(webm).size,
      mtime_ms: Math.round(statSync(webm).mtimeMs),
    });
    expect(lib.libraryFiles().filter((f) => f.endsWith('.webm'))).toEqual([]);
    // A session named for the day is made when none is given.
    expect(lib.count(`SELECT count(*) FROM exam_sessions WHERE name LIKE 'Imported 20%'`)).toBe(1);
  });

  it('follows the copyOriginals setting when no storage is given', async () => {
    updateSettings(lib.ctx, { copyOriginals: false });
    const r = await importRecordings(lib.ctx, { paths: [files['mp4-no-audio']!], station: 'cpr' }, testOperation());
    expect(r.imported[0]!.storage).toBe('reference');
    updateSettings(lib.ctx, { copyOriginals: true });
  });

  it('imports paths with spaces, quotes, $(...), semicolons and non-Latin characters; nothing is run', async () => {
    const nasty = join(dir, NASTY_NAME);
    await mkdir(nasty, { recursive: true });
    const file = await makeTestRecording(nasty, 'mp4-h264-aac', { fileName: `${NASTY_NAME}.mp4`, durationS: 1 });
    const r = await importRecordings(
      lib.ctx,
      { paths: [nasty], station: 'cpr', candidate: "C-'$(x)'" },
      testOperation(),
    );
    expect(r.failed).toEqual([]);
    expect(r.imported.map((i) => i.path)).toEqual([file]);
    expect(lib.ctx.db.prepare('SELECT original_path FROM recordings WHERE id = ?').pluck().get(r.imported[0]!.id)).toBe(
      file,
    );
    for (const where of [process.cwd(), dir, nasty, lib.ctx.libraryDir])
      expect(existsSync(join(where, 'INJECTED'))).toBe(false);
  });

  it('skips files in a folder that are not named like videos, and hidden ones', async () => {
    const folder = join(dir, 'mixed');
    await mkdir(folder);
    await makeTestRecording(folder, 'mp4-no-audio', {
      fileName: 'station 1.MP4',
      durationS: 1,
      width: 160,
      height: 90,
    });
    await copyFile(files['webm-vp8']!, join(folder, '._station 1.MP4'));
    await copyFile(files['webm-vp8']!, join(folder, 'notes.txt'));
    const r = await importRecordings(lib.ctx, { paths: [folder], station: 'cpr' }, testOperation());
    expect(r.imported.map((i) => basename(i.path))).toEqual(['station 1.MP4']);
    expect(r.skipped.map((p) => basename(p))).toEqual(['notes.txt']);
    expect(r.failed).toEqual([]);
  });

  it('gives a probe that matches what is stored', async () => {
    const stored = lib.ctx.db
      .prepare(`SELECT stored_path, duration_s FROM recordings WHERE storage = 'copy' LIMIT 1`)
      .get() as {
      stored_path: string;
      duration_s: number;
    };
    const probe = await probeRecording(stored.stored_path, { ffprobePath: testMediaBinaries().ffprobe });
    expect(probe.durationS).toBeCloseTo(stored.duration_s, 3);
  });

  it('refuses an unknown station before touching anything', async () => {
    const rows = lib.count('SELECT count(*) FROM recordings');
    await expect(
      importRecordings(lib.ctx, { paths: [files['mp4-vfr']!], station: 'nope' }, noopOperation),
    ).rejects.toThrow(/no station rubric 'nope' \(known rubrics: aed, bmv, cpr/);
    await expect(importRecordings(lib.ctx, { paths: [files['mp4-vfr']!] }, noopOperation)).rejects.toThrow(
      /--station cpr/,
    );
    await expect(
      importRecordings(lib.ctx, { paths: [files['mp4-vfr']!], station: 'cpr', date: '2026-02-30' }, noopOperation),
    ).rejects.toThrow(/not a real calendar date/);
    expect(lib.count('SELECT count(*) FROM recordings')).toBe(rows);
  });
});
