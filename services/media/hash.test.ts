import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, FileMissingError, NotARegularFileError } from './errors';
import { sha256File } from './hash';
import { NASTY_NAME } from '../../tests/support/test-media';

let dir: string;
const data = Buffer.alloc(5 * 1024 * 1024 + 123, 7);
data.write('OSCE station 4', 1000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sha256File', () => {
  it('matches a one-shot hash and reports progress up to the file size', async () => {
    const nasty = join(dir, NASTY_NAME);
    await mkdir(nasty, { recursive: true });
    const path = join(nasty, 'rec $(x).mp4');
    await writeFile(path, data);
    const progress: number[] = [];
    const hash = await sha256File(path, {
      onProgress: (read, total) => (expect(total).toBe(data.length), progress.push(read)),
    });
    expect(hash).toBe(createHash('sha256').update(data).digest('hex'));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(data.length);
  });

  it('is cancellable', async () => {
    const path = join(dir, 'big.mp4');
    await writeFile(path, data);
    const controller = new AbortController();
    const pending = sha256File(path, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('names a missing file and refuses a folder', async () => {
    await expect(sha256File(join(dir, 'gone.mp4'))).rejects.toThrow(FileMissingError);
    await expect(sha256File(join(dir, 'gone.mp4'))).rejects.toThrow(/gone\.mp4/);
    await mkdir(join(dir, 'folder.mp4'));
    await expect(sha256File(join(dir, 'folder.mp4'))).rejects.toThrow(NotARegularFileError);
  });
});
