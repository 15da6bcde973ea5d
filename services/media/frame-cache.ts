import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { mapFsError } from './errors';
import {
  DEFAULT_FRAME_LONG_SIDE,
  DEFAULT_FRAME_QUALITY,
  type FrameSamplingSpec,
  type SampledFrames,
} from './sample-frames';

/*
 * On-disk cache of sampled frames, keyed by (recording sha256, sampling spec). One entry is one
 * file, written under a temporary name and renamed, so a crash never leaves a half entry that
 * looks whole. Each file carries a checksum; anything that fails to parse or verify is deleted
 * and re-extracted. File mtime is the "last used" time for least-recently-used eviction.
 *
 * Layout: MAGIC | u32 header length | header JSON | JPEG bytes back to back.
 */
const MAGIC = Buffer.from('OSCEFRM1');
const ENTRY_EXT = '.frames';
const TEMP_PREFIX = '.tmp-';
const STALE_TEMP_MS = 10 * 60 * 1000;
const DEFAULT_FRAME_CACHE_BYTES = 512 * 1024 * 1024;

const headerSchema = z.object({
  sha256: z.string(),
  specKey: z.string(),
  method: z.enum(['straight', 'ranges', 'keyframes', 'accurate']),
  payloadSha256: z.string(),
  frames: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      targetS: z.number(),
      timestampS: z.number(),
      offset: z.number().int().nonnegative(),
      length: z.number().int().positive(),
    }),
  ),
});

/**
 * The spec with defaults filled in, so {count: 8} and {count: 8, longSide: 768} share an entry.
 * `sampler` names how frames are chosen: 2 is every frame within 0.1 s of its point (exactTimes;
 * entries of an older keyframe-snapping sampler, up to 1.5 s away, were 1), 3 may take a keyframe
 * up to 1 s away when every point has its own.
 */
function canonicalSpec(spec: FrameSamplingSpec) {
  return {
    sampler: spec.exactTimes ? 2 : 3,
    count: spec.count,
    fromS: spec.fromS ?? null,
    toS: spec.toS ?? null,
    longSide: spec.longSide ?? DEFAULT_FRAME_LONG_SIDE,
    quality: spec.quality ?? DEFAULT_FRAME_QUALITY,
  };
}

export function frameSpecKey(spec: FrameSamplingSpec): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalSpec(spec)))
    .digest('hex')
    .slice(0, 20);
}

function assertSha256(sha256: string): void {
  // The hash becomes part of a file name; anything else could walk out of the cache folder.
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError(`Not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
}

function encodeEntry(sha256: string, specKey: string, result: SampledFrames): Buffer {
  let offset = 0;
  const frames = result.frames.map((f) => {
    const entry = { index: f.index, targetS: f.targetS, timestampS: f.timestampS, offset, length: f.jpeg.length };
    offset += f.jpeg.length;
    return entry;
  });
  const payload = Buffer.concat(result.frames.map((f) => f.jpeg));
  const payloadSha256 = createHash('sha256').update(payload).digest('hex');
  const header = Buffer.from(JSON.stringify({ sha256, specKey, method: result.method, payloadSha256, frames }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return Buffer.concat([MAGIC, len, header, payload]);
}

/** Returns undefined for anything not exactly what encodeEntry wrote for this key. */
function decodeEntry(data: Buffer, sha256: string, specKey: string): SampledFrames | undefined {
  try {
    if (data.length < MAGIC.length + 4 || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const headerLen = data.readUInt32BE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    if (headerStart + headerLen > data.length) return undefined;
    const header = headerSchema.parse(JSON.parse(data.subarray(headerStart, headerStart + headerLen).toString('utf8')));
    if (header.sha256 !== sha256 || header.specKey !== specKey) return undefined;
    const payload = data.subarray(headerStart + headerLen);
    if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256) return undefined;
    const frames = header.frames.map((f) => {
      if (f.offset + f.length > payload.length) throw new Error('frame outside payload');
      return {
        index: f.index,
        targetS: f.targetS,
        timestampS: f.timestampS,
        jpeg: Buffer.from(payload.subarray(f.offset, f.offset + f.length)),
      };
    });
    return { frames, method: header.method };
  } catch {
    return undefined;
  }
}

export class FrameCache {
  readonly dir: string;
  readonly maxBytes: number;

  constructor(dir: string, options: { maxBytes?: number } = {}) {
    this.dir = dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_FRAME_CACHE_BYTES;
  }

  entryPath(sha256: string, spec: FrameSamplingSpec): string {
    assertSha256(sha256);
    return join(this.dir, `${sha256}-${frameSpecKey(spec)}${ENTRY_EXT}`);
  }

  /** A valid entry, or undefined (a corrupt one is deleted on the way). */
  async get(sha256: string, spec: FrameSamplingSpec): Promise<SampledFrames | undefined> {
    const path = this.entryPath(sha256, spec);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      return undefined;
    }
    const result = decodeEntry(data, sha256, frameSpecKey(spec));
    if (!result) {
      await rm(path, { force: true }).catch(() => {});
      return undefined;
    }
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return result;
  }

  async put(sha256: string, spec: FrameSamplingSpec, result: SampledFrames): Promise<void> {
    const path = this.entryPath(sha256, spec);
    const temp = join(this.dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, encodeEntry(sha256, frameSpecKey(spec), result));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw mapFsError(error, path);
    }
    await this.evict(path);
  }

  /** Deletes least recently used entries until the cache fits; the newest entry always stays. */
  async evict(keep?: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    const entries: Array<{ path: string; size: number; usedMs: number }> = [];
    for (const name of names) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      if (name.startsWith(TEMP_PREFIX)) {
        // Left by a crash mid-write; a live writer renames well within this window.
        if (now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => {});
        continue;
      }
      if (name.endsWith(ENTRY_EXT)) entries.push({ path, size: info.size, usedMs: info.mtimeMs });
    }
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    entries.sort((a, b) => a.usedMs - b.usedMs);
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      if (entry.path === keep) continue;
      await rm(entry.path, { force: true }).catch(() => {});
      total -= entry.size;
    }
  }
}

/**
 * Cached frames for (sha256, spec), or runs `sample` and stores its result. A failure to write
 * the cache (full disk) still returns the frames: the scoring call that needs them should not
 * fail over a cache.
 */
export async function getOrSampleFrames(
  cacheDir: string,
  sha256: string,
  spec: FrameSamplingSpec,
  sample: () => Promise<SampledFrames>,
  options: { maxBytes?: number } = {},
): Promise<SampledFrames & { fromCache: boolean }> {
  const cache = new FrameCache(cacheDir, options);
  const cached = await cache.get(sha256, spec);
  if (cached) return { ...cached, fromCache: true };
  const fresh = await sample();
  await cache.put(sha256, spec, fresh).catch(() => {});
  return { ...fresh, fromCache: false };
}
