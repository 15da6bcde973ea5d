import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, NotARegularFileError } from './errors';
import { sha256File } from './hash';
import { HashJobError, runHashJob } from './hash-thread';
import { copyAndHash } from '../recordings/library';

let dir: string;
const big = Buffer.alloc(48 * 1024 * 1024);
for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((i * 2654435761) >>> 0, i);
const bigSha = createHash('sha256').update(big).digest('hex');
let bigPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-hash-thread-'));
  bigPath = join(dir, 'long recording.mp4');
  await writeFile(bigPath, big);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashing threads', () => {
  it('hash a recording off the event loop: the backend stays free to answer while 48 MB are hashed', async () => {
    await sha256File(bigPath); // the thread is started outside the measurement
    const before = performance.eventLoopUtilization();
    const sha = await sha256File(bigPath);
    const busy = performance.eventLoopUtilization(before);
    expect(sha).toBe(bigSha);
    // Hashing 1 MiB chunks on this thread kept it busy more than half of the time.
    expect(busy.utilization).toBeLessThan(0.25);
  });

  it('several files at once, more than there are threads, each get their own hash', async () => {
    const files = await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const data = Buffer.alloc(3 * 1024 * 1024 + i * 777, i + 1);
        const path = join(dir, `candidate-${i}.mp4`);
        await writeFile(path, data);
        return { path, sha: createHash('sha256').update(data).digest('hex') };
      }),
    );
    const hashes = await Promise.all(files.map((f) => sha256File(f.path)));
    expect(hashes).toEqual(files.map((f) => f.sha));
  });

  it('copy and hash: the copy has the same bytes, and a copy never overwrites a file', async () => {
    const dest = join(dir, 'library', 'ab', 'copy.mp4');
    expect(await copyAndHash(bigPath, dest)).toBe(bigSha);
    expect(createHash('sha256').update(readFileSync(dest)).digest('hex')).toBe(bigSha);
    await expect(runHashJob({ source: bigPath, dest })).rejects.toMatchObject({ code: 'EEXIST', side: 'dest' });
  });

  it('a progress callback that throws is the failure of the hash, not of the process', async () => {
    await expect(
      sha256File(bigPath, {
        onProgress: () => {
          throw new Error('the progress bar is gone');
        },
      }),
    ).rejects.toThrow('the progress bar is gone');
    expect(await sha256File(bigPath)).toBe(bigSha);
  });

  it('a copy refused because its destination exists leaves that file as it was', async () => {
    const dest = join(dir, 'someone else.mp4');
    await writeFile(dest, 'not ours');
    await expect(copyAndHash(bigPath, dest)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(dest, 'utf8')).toBe('not ours');
  });

  it('a cancelled copy stops within a chunk, removes its half-written file, and the thread hashes again', async () => {
    const dest = join(dir, 'cancelled.mp4');
    const controller = new AbortController();
    const seen: number[] = [];
    const pending = copyAndHash(bigPath, dest, {
      signal: controller.signal,
      onBytes: (n) => {
        seen.push(n);
        controller.abort();
      },
    });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(existsSync(dest)).toBe(false);
    expect(seen.length).toBeGreaterThan(0);
    expect(await sha256File(bigPath)).toBe(bigSha);
  });

  it.skipIf(process.platform === 'win32')(
    'a pipe in place of the file is refused at once, not waited on',
    async () => {
      const fifo = join(dir, 'swapped.mp4');
      execFileSync('mkfifo', [fifo]);
      // runHashJob is what sha256File calls after its own check: a pipe put there in between.
      await expect(runHashJob({ source: fifo })).rejects.toMatchObject({ code: 'ENOTREGULAR' });
      await expect(sha256File(fifo)).rejects.toBeInstanceOf(NotARegularFileError);
    },
    10_000,
  );

  it('a failure names its side: a missing source is about reading', async () => {
    const error: unknown = await runHashJob({ source: join(dir, 'gone.mp4'), dest: join(dir, 'x.mp4') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HashJobError);
    expect(error).toMatchObject({ code: 'ENOENT', side: 'source', created: false });
    expect(existsSync(join(dir, 'x.mp4'))).toBe(false);
  });
});
