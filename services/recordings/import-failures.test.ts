import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { makeBadInput, makeTestRecording, testMediaBinaries, type BadInputKind } from '../../tests/support/test-media';
import { importRecordings } from './import';
import type { ImportStage } from './import-file';
import { openTestLibrary, testOperation, type TestLibrary } from '../../tests/support/import-library';

/** Each bad input and the words its failure must use (the named media error's message). */
const BAD: Array<[BadInputKind, string, RegExp]> = [
  ['empty', 'EmptyFileError', /"empty\.mp4" is empty \(0 bytes\)/],
  [
    'random-bytes',
    'UnreadableMediaError',
    /"random-bytes\.mp4" could not be read as a video: not a recognisable video format/,
  ],
  [
    'truncated-mp4',
    'TruncatedMediaError',
    /"truncated-mp4\.mp4" is incomplete \(the MP4\/MOV index \(moov atom\) is missing\)/,
  ],
  ['audio-only', 'NoVideoStreamError', /"audio-only\.mp4" contains audio only; an OSCE recording needs a video track/],
  ['png-as-mp4', 'StillImageError', /"png-as-mp4\.mp4" is a single still image \(PNG image\)/],
  ['jpeg-as-mp4', 'StillImageError', /"jpeg-as-mp4\.mp4" is a single still image \(JPEG image\)/],
  [
    'text-as-mp4',
    'UnreadableMediaError',
    /"text-as-mp4\.mp4" could not be read as a video: it is a text file, not a video/,
  ],
  ['folder-as-mp4', 'NotARegularFileError', /"folder-as-mp4\.mp4" is a folder, not a video file/],
  [
    'broken-symlink',
    'BrokenSymlinkError',
    /"broken-symlink\.mp4" is a shortcut \(symbolic link\) whose target no longer exists/,
  ],
  ['deleted', 'FileMissingError', /"deleted\.mp4" no longer exists/],
];

let src: string;
let good: string;
let big: string;
const bad = new Map<BadInputKind, string>();

beforeAll(async () => {
  src = await mkdtemp(join(tmpdir(), 'osce-import-bad-'));
  await mkdir(join(src, 'batch'));
  good = await makeTestRecording(join(src, 'batch'), 'mp4-h264-aac', { fileName: 'good.mp4', durationS: 1 });
  for (const [kind] of BAD) bad.set(kind, await makeBadInput(join(src, 'batch'), kind));
  // Lossless 720p: several megabytes, so a cancel lands while it is being copied.
  big = join(src, 'big.mp4');
  await promisify(execFile)(testMediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=25:duration=4',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-qp',
    '0',
    '-pix_fmt',
    'yuv420p',
    big,
  ]);
});
afterAll(() => rm(src, { recursive: true, force: true }));

let lib: TestLibrary;
beforeEach(async () => {
  lib = await openTestLibrary();
});
afterEach(() => lib.dispose());

/** Everything a failed or cancelled file could have left: rows of every kind and library files. */
function leftovers() {
  return {
    recordings: lib.count('SELECT count(*) FROM recordings'),
    sessions: lib.count('SELECT count(*) FROM exam_sessions'),
    stations: lib.count('SELECT count(*) FROM stations'),
    candidates: lib.count('SELECT count(*) FROM candidates'),
    examiners: lib.count(`SELECT count(*) FROM raters WHERE kind = 'examiner'`),
    audit: lib.count(`SELECT count(*) FROM audit_events WHERE entity <> 'rubric'`),
    files: lib.libraryFiles(),
  };
}

const NOTHING = { recordings: 0, sessions: 0, stations: 0, candidates: 0, examiners: 0, audit: 0, files: [] };
const meta = { station: 'cpr', session: 'Bad day', candidate: 'C-404', examiners: ['Examiner A'] };

describe('bad inputs', () => {
  it.each(BAD)('%s fails with %s and a specific message, leaving nothing', async (kind, errorName, message) => {
    const path = bad.get(kind)!;
    for (const storage of ['copy', 'reference'] as const) {
      const r = await importRecordings(lib.ctx, { paths: [path], ...meta, storage }, testOperation());
      expect(r.imported).toEqual([]);
      expect(r.failed).toHaveLength(1);
      expect(r.failed[0]!.path).toBe(path);
      expect(r.failed[0]!.errorName).toBe(errorName);
      expect(r.failed[0]!.error).toMatch(message);
      expect(leftovers()).toEqual(NOTHING);
    }
  });

  it('one bad file never stops the others: a folder of every bad case imports its one good file', async () => {
    const r = await importRecordings(
      lib.ctx,
      { paths: [join(src, 'batch'), bad.get('deleted')!], ...meta },
      testOperation(),
    );
    expect(r.imported.map((i) => i.path)).toEqual([good]);
    expect(r.failed.map((f) => basename(f.path)).sort()).toEqual(BAD.map(([k]) => `${k}.mp4`).sort());
    for (const [kind, , message] of BAD) expect(r.failed.find((f) => f.path === bad.get(kind))!.error).toMatch(message);
    const left = leftovers();
    expect(left.recordings).toBe(1);
    const sha = r.imported[0]!.sha256;
    expect(left.files).toEqual([`${sha.slice(0, 2)}/${sha}.mp4`, `posters/${sha.slice(0, 2)}/${sha}.jpg`]);
  });
});

describe('a file that disappears mid-import', () => {
  it.each(['checked', 'probed'] as ImportStage[])(
    'deleted after it was %s: reported missing, nothing kept',
    async (stage) => {
      const dir = await mkdtemp(join(tmpdir(), 'osce-vanish-'));
      for (const storage of ['copy', 'reference'] as const) {
        const path = await makeTestRecording(dir, 'mp4-no-audio', {
          fileName: `vanishing ${storage}.mp4`,
          durationS: 1,
        });
        const r = await importRecordings(lib.ctx, { paths: [path], ...meta, storage }, testOperation(), {
          afterStage: async (s, p) => {
            if (s === stage && p === path) await rm(p);
          },
        });
        expect(r.failed).toEqual([
          {
            path,
            errorName: 'FileMissingError',
            error: expect.stringMatching(/no longer exists; it may have been moved/),
          },
        ]);
        expect(leftovers()).toEqual(NOTHING);
      }
      await rm(dir, { recursive: true, force: true });
    },
  );
});

describe('cancelling', () => {
  it.each(['checked', 'probed', 'stored', 'poster'] as ImportStage[])(
    'cancelled after the second file was %s: the first stays imported, nothing of the second or third is kept',
    async (stage) => {
      const dir = await mkdtemp(join(tmpdir(), 'osce-cancel-'));
      const paths = await Promise.all(
        ['1 one', '2 two', '3 three'].map((n, i) =>
          makeTestRecording(dir, 'mp4-no-audio', { fileName: `${n}.mp4`, durationS: 1 + i / 10 }),
        ),
      );
      const op = testOperation();
      const r = await importRecordings(lib.ctx, { paths: [dir], ...meta }, op, {
        afterStage: async (s, p) => {
          if (s !== stage || p !== paths[1]) return;
          // Files are imported two at a time: the cancel comes once the first one is in.
          while (!op.reports.some((report) => report.done >= 1)) await new Promise((res) => setTimeout(res, 5));
          op.controller.abort();
        },
      });
      expect(r.cancelled).toBe(true);
      expect(r.imported.map((i) => i.path)).toEqual([paths[0]]);
      expect(r.notStarted).toEqual([paths[1], paths[2]]);
      expect(r.failed).toEqual([]);
      const left = leftovers();
      expect(left.recordings).toBe(1);
      const sha = r.imported[0]!.sha256;
      expect(left.files).toEqual([`${sha.slice(0, 2)}/${sha}.mp4`, `posters/${sha.slice(0, 2)}/${sha}.jpg`]);
      await rm(dir, { recursive: true, force: true });
    },
  );

  it('a cancel while a large file is being copied removes the partial copy', async () => {
    const op = testOperation();
    let partialSeen = 0;
    // Watch the library each turn of the event loop; cancel as soon as a partly written copy is there.
    const watch = () => {
      const partial = lib.libraryFiles().find((f) => f.startsWith('.incoming-'));
      const size = partial ? statSync(join(lib.ctx.libraryDir, partial)).size : 0;
      if (size > 0) {
        partialSeen = size;
        op.controller.abort();
      } else if (!op.signal.aborted) setImmediate(watch);
    };
    const r = await importRecordings(lib.ctx, { paths: [big], ...meta }, op, {
      afterStage: (s) => {
        if (s === 'probed') watch();
      },
    });
    expect(partialSeen).toBeGreaterThan(0);
    expect(partialSeen).toBeLessThan(statSync(big).size);
    expect(r.cancelled).toBe(true);
    expect(r.notStarted).toEqual([big]);
    expect(leftovers()).toEqual(NOTHING);
  });

  it('a cancel before anything started imports nothing', async () => {
    const op = testOperation();
    op.controller.abort();
    const r = await importRecordings(lib.ctx, { paths: [good], ...meta }, op);
    expect(r.cancelled).toBe(true);
    expect(leftovers()).toEqual(NOTHING);
  });
});

/** Two files with the same bytes, in a folder of their own. */
async function twins(): Promise<{ dir: string; first: string; second: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'osce-twins-'));
  const first = join(dir, '1 first.mp4');
  const second = join(dir, '2 second.mp4');
  await copyFile(good, first);
  await copyFile(good, second);
  return { dir, first, second };
}

describe('the same bytes twice in one import', () => {
  it.each(['copy', 'reference'] as const)(
    '%s: the first failing after its copy and poster were in place does not take them from the second',
    async (storage) => {
      const { dir, first, second } = await twins();
      let secondPlaced!: () => void;
      const secondReady = new Promise<void>((resolve) => (secondPlaced = resolve));
      const r = await importRecordings(lib.ctx, { paths: [first, second], ...meta, storage }, testOperation(), {
        concurrency: 2,
        afterStage: async (s, p) => {
          if (s !== 'poster') return;
          if (p === second) return secondPlaced();
          // The first file's copy and poster are where the second's are: it fails once the second got there too.
          await secondReady;
          throw new Error('the disk went away');
        },
      });
      expect(r.failed.map((f) => f.path)).toEqual([first]);
      expect(r.imported.map((i) => i.path)).toEqual([second]);
      const sha = r.imported[0]!.sha256;
      const poster = `posters/${sha.slice(0, 2)}/${sha}.jpg`;
      expect(lib.libraryFiles()).toEqual(storage === 'copy' ? [`${sha.slice(0, 2)}/${sha}.mp4`, poster] : [poster]);
      await rm(dir, { recursive: true, force: true });
    },
  );
});

describe('the same bytes twice, both given up', () => {
  it.each(['copy', 'reference'] as const)(
    '%s: cancelled together, they leave no copy and no poster',
    async (storage) => {
      const { dir, first, second } = await twins();
      const op = testOperation();
      const placed = new Set<string>();
      const r = await importRecordings(lib.ctx, { paths: [first, second], ...meta, storage }, op, {
        concurrency: 2,
        afterStage: async (s, p) => {
          if (s !== 'poster') return;
          placed.add(p);
          // Both have their copy and poster in place when the examiner cancels.
          while (placed.size < 2 && !op.signal.aborted) await new Promise((res) => setTimeout(res, 5));
          op.controller.abort();
        },
      });
      expect(r.cancelled).toBe(true);
      expect(leftovers()).toEqual(NOTHING);
      await rm(dir, { recursive: true, force: true });
    },
  );
});
