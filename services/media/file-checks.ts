import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { BrokenSymlinkError, EmptyFileError, NotARegularFileError, mapFsError } from './errors';

/**
 * Cheap file-system checks done before any process is spawned: they give precise messages
 * (missing, broken link, folder, device, empty) that ffprobe's "Invalid data" never would.
 */
export async function assertRegularFile(path: string): Promise<Stats> {
  let link: Stats;
  try {
    link = await lstat(path);
  } catch (error) {
    throw mapFsError(error, path);
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') throw new BrokenSymlinkError(path);
      throw mapFsError(error, path);
    }
  }
  if (target.isDirectory()) throw new NotARegularFileError(path, 'folder');
  if (target.isBlockDevice() || target.isCharacterDevice()) throw new NotARegularFileError(path, 'device');
  if (target.isFIFO()) throw new NotARegularFileError(path, 'pipe (FIFO)');
  if (target.isSocket()) throw new NotARegularFileError(path, 'socket');
  if (!target.isFile()) throw new NotARegularFileError(path, 'special file');
  if (target.size === 0) throw new EmptyFileError(path);
  return target;
}

/** True when the path is gone now (used to tell "vanished during probe" from "unreadable"). */
export async function isMissing(path: string): Promise<boolean> {
  try {
    await stat(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

export async function readHead(path: string, bytes = 4096): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid']);

/** MP4/MOV files start with a box header: 4-byte size, then a known 4-character type. */
export function looksLikeIsoBmff(head: Buffer): boolean {
  return head.length >= 8 && ISO_BMFF_BOXES.has(head.toString('latin1', 4, 8));
}

/** Valid UTF-8 without control characters other than tab/newline: a text file, not media. */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    // A multi-byte character cut at the end of the sample is not a reason to say "binary".
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(1, head.length - 4)));
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** A sibling name for writing before an atomic rename; keeps the extension for muxer detection. */
function tempSiblingPath(finalPath: string): string {
  const ext = extname(finalPath);
  const stem = basename(finalPath, ext);
  return join(dirname(finalPath), `.${stem}.partial-${process.pid}-${randomBytes(4).toString('hex')}${ext}`);
}

/**
 * Runs `write(tempPath)`, then renames onto finalPath. On any failure (including cancel) the
 * temp file is removed, so a half-written proxy or poster is never mistaken for a finished one.
 */
export async function writeAtomically(finalPath: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const temp = tempSiblingPath(finalPath);
  try {
    await write(temp);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw mapFsError(error, finalPath);
  }
}
