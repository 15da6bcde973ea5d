import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { CancelledError, mapFsError } from './errors';
import { assertRegularFile } from './file-checks';

export interface HashOptions {
  signal?: AbortSignal;
  /** Called as data is read; recordings are gigabytes, so the UI shows a bar. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * SHA-256 of a file, streamed in 1 MiB chunks (recordings do not fit in memory). The hash is
 * the recording's identity for de-duplication and the frame cache.
 */
export async function sha256File(path: string, options: HashOptions = {}): Promise<string> {
  const abs = resolve(path);
  const { size } = await assertRegularFile(abs);
  if (options.signal?.aborted) throw new CancelledError(abs);

  const hash = createHash('sha256');
  let bytesRead = 0;
  try {
    const stream = createReadStream(abs, { highWaterMark: 1024 * 1024, signal: options.signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead, size);
    }
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError(abs);
    throw mapFsError(error, abs);
  }
  return hash.digest('hex');
}
