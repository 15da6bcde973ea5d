import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegSize } from './jpeg-stream';
import { makePosters } from './poster-batch';
import { makePoster } from './thumbnail';
import { makeTestRecordings, testMediaBinaries, type TestRecordingKind } from '../../tests/support/test-media';

const { ffmpeg } = testMediaBinaries();
const kinds: TestRecordingKind[] = ['mp4-h264-aac', 'mp4-portrait-rotated', 'mkv-h264'];
let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-poster-batch-'));
  const made = await makeTestRecordings(dir, kinds);
  files = kinds.map((k) => made[k]!);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makePosters', () => {
  it('makes several posters in one process, each the same picture makePoster makes alone', async () => {
    // A wrapper that counts how often ffmpeg is started.
    const counter = join(dir, 'starts.log');
    const wrapper = join(dir, 'ffmpeg-counting.sh');
    await writeFile(wrapper, `#!/bin/sh\necho start >> '${counter}'\nexec '${ffmpeg}' "$@"\n`, { mode: 0o755 });
    const jobs = files.map((input, i) => ({ input, out: join(dir, `batch-${i}.jpg`), atS: 0.5 }));
    const results = await makePosters(jobs, { ffmpegPath: wrapper });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(1);
    for (const [i, input] of files.entries()) {
      const alone = join(dir, `alone-${i}.jpg`);
      await makePoster(input, alone, { ffmpegPath: ffmpeg, atS: 0.5 });
      expect((await readFile(jobs[i]!.out)).equals(await readFile(alone))).toBe(true);
    }
    expect(jpegSize(await readFile(jobs[1]!.out))).toEqual({ width: 180, height: 320 }); // portrait stays portrait
  });

  it('a FIFO put where a recording was is refused before ffmpeg could block on it', async () => {
    const fifo = join(dir, 'fifo.mp4');
    execFileSync('mkfifo', [fifo]);
    const jobs = [files[0]!, fifo, files[2]!].map((input, i) => ({ input, out: join(dir, `fifo-${i}.jpg`), atS: 0.5 }));
    const results = await makePosters(jobs, { ffmpegPath: ffmpeg });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  }, 20_000);

  it('one unreadable file fails alone, with a named error; the others still get their posters', async () => {
    const broken = join(dir, 'notes.mp4');
    await writeFile(broken, 'this is not a video\n');
    const jobs = [files[0]!, broken, files[2]!].map((input, i) => ({
      input,
      out: join(dir, `mixed-${i}.jpg`),
      atS: 0.5,
    }));
    const results = await makePosters(jobs, { ffmpegPath: ffmpeg });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'MediaProcessError' });
    expect(jpegSize(await readFile(jobs[2]!.out))?.width).toBe(320);
  });
});
