import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameCache, frameSpecKey, getOrSampleFrames } from './frame-cache';
import { sampleFrames, type SampledFrames } from './sample-frames';
import { probeRecording } from './probe';
import { sha256File } from './hash';
import { makeLongRecording, testMediaBinaries } from '../../tests/support/test-media';

const bins = testMediaBinaries();
let dir: string;
let recording: string;
let sha: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-frame-cache-'));
  recording = await makeLongRecording(dir, { durationS: 10, gopS: 1, width: 320, height: 180 });
  sha = await sha256File(recording);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function countingSampler(count: number) {
  const calls = { n: 0 };
  const sample = async (): Promise<SampledFrames> => {
    calls.n += 1;
    const probe = await probeRecording(recording, { ffprobePath: bins.ffprobe });
    return sampleFrames(recording, { ffmpegPath: bins.ffmpeg, ffprobePath: bins.ffprobe, probe, count });
  };
  return { calls, sample };
}

describe('getOrSampleFrames', () => {
  it('extracts once, then serves identical frames from disk', async () => {
    const cacheDir = join(dir, 'cache-hit');
    const { calls, sample } = countingSampler(4);
    const first = await getOrSampleFrames(cacheDir, sha, { count: 4 }, sample);
    const second = await getOrSampleFrames(cacheDir, sha, { count: 4, longSide: 768, quality: 90 }, sample);
    expect(calls.n).toBe(1);
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    expect(second.method).toBe(first.method);
    second.frames.forEach((f, i) => {
      expect(f.timestampS).toBe(first.frames[i]!.timestampS);
      expect(f.jpeg.equals(first.frames[i]!.jpeg)).toBe(true);
    });
  });

  it('keeps different sampling specs apart', async () => {
    const cacheDir = join(dir, 'cache-specs');
    const { calls, sample } = countingSampler(2);
    await getOrSampleFrames(cacheDir, sha, { count: 2 }, sample);
    await getOrSampleFrames(cacheDir, sha, { count: 2, fromS: 1, toS: 5 }, sample);
    expect(calls.n).toBe(2);
    expect(frameSpecKey({ count: 2 })).not.toBe(frameSpecKey({ count: 2, longSide: 512 }));
  });

  const flipByte = (b: Buffer) => {
    b[b.length - 100] = b[b.length - 100]! ^ 0xff;
    return b;
  };
  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 10)],
    ['bit flip in a frame', flipByte],
    ['garbage', () => Buffer.from('not a cache entry')],
    ['empty', () => Buffer.alloc(0)],
  ])('re-extracts a %s entry', async (label, damage) => {
    const cacheDir = join(dir, `cache-corrupt-${label.replace(/\W/g, '')}`);
    const { calls, sample } = countingSampler(3);
    await getOrSampleFrames(cacheDir, sha, { count: 3 }, sample);
    const entry = new FrameCache(cacheDir).entryPath(sha, { count: 3 });
    await writeFile(entry, damage(await readFile(entry)));
    const again = await getOrSampleFrames(cacheDir, sha, { count: 3 }, sample);
    expect(again.fromCache).toBe(false);
    expect(again.frames).toHaveLength(3);
    expect(calls.n).toBe(2);
    expect((await getOrSampleFrames(cacheDir, sha, { count: 3 }, sample)).fromCache).toBe(true);
  });

  it('evicts least recently used entries beyond the size limit', async () => {
    const cacheDir = join(dir, 'cache-lru');
    const one = await countingSampler(2).sample();
    const specs = [
      { count: 2, fromS: 0 },
      { count: 2, fromS: 1 },
      { count: 2, fromS: 2 },
    ];
    await new FrameCache(cacheDir).put(sha, specs[0]!, one);
    const entrySize = (await stat(new FrameCache(cacheDir).entryPath(sha, specs[0]!))).size;
    const cache = new FrameCache(cacheDir, { maxBytes: entrySize * 2 + 10 });
    await cache.put(sha, specs[1]!, one);
    const old = new Date(Date.now() - 60_000);
    for (const name of await readdir(cacheDir)) await utimes(join(cacheDir, name), old, old);
    // Reading the first entry makes it recently used, so the second is the one to go.
    expect(await cache.get(sha, specs[0]!)).toBeDefined();
    await cache.put(sha, specs[2]!, one);
    expect(await readdir(cacheDir)).toHaveLength(2);
    expect(await cache.get(sha, specs[1]!)).toBeUndefined();
    expect(await cache.get(sha, specs[0]!)).toBeDefined();
    expect(await cache.get(sha, specs[2]!)).toBeDefined();
  });

  it('refuses a cache key that is not a SHA-256 digest', () => {
    expect(() => new FrameCache(dir).entryPath('../../etc/passwd', { count: 1 })).toThrow(RangeError);
  });
});
