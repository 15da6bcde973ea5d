import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { CancelledError, quoteFile } from '../media/errors';

/** Extensions a folder scan treats as recordings. A file given by name is tried whatever its extension. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp4',
  'm4v',
  'mov',
  'qt',
  'mkv',
  'webm',
  'avi',
  'mts',
  'm2ts',
  'ts',
  'mpg',
  'mpeg',
  'wmv',
  'asf',
  'flv',
  '3gp',
  '3g2',
  'mxf',
  'dv',
  'ogv',
  'vob',
]);

/** A folder tree bigger than this is almost certainly the wrong folder (a whole drive). */
const MAX_SCANNED_FILES = 20_000;

function hasVideoExtension(path: string): boolean {
  return VIDEO_EXTENSIONS.has(extname(path).slice(1).toLowerCase());
}

export interface ScanResult {
  /** Absolute paths to import, in the order given (folders sorted by name), each once. */
  files: string[];
  /** Files in scanned folders that are not named like videos (notes, pictures, manifests). */
  skipped: string[];
  /** Folders that could not be listed. */
  failed: { path: string; error: string }[];
}

/**
 * Expands files and folders (recursively) into the files to import. Everything named like a video
 * is kept even when it is a folder, a broken link or gone: the import then reports precisely what
 * is wrong with it instead of silently passing over it. Hidden entries are skipped, which also
 * keeps macOS "._clip.mp4" resource-fork files and our own partial files out. Symbolic links to
 * folders inside a scan are not followed, so a link loop cannot make the scan endless.
 */
export async function expandImportPaths(paths: readonly string[], signal?: AbortSignal): Promise<ScanResult> {
  const seen = new Set<string>();
  const result: ScanResult = { files: [], skipped: [], failed: [] };
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    result.files.push(path);
  };

  const walk = async (dir: string): Promise<void> => {
    if (signal?.aborted) throw new CancelledError();
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      result.failed.push({
        path: dir,
        error:
          code === 'EACCES' || code === 'EPERM'
            ? `The folder ${quoteFile(dir)} cannot be opened (permission denied).`
            : `The folder ${quoteFile(dir)} cannot be read: ${(error as Error).message}`,
      });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !hasVideoExtension(entry.name)) {
        await walk(full);
      } else if (hasVideoExtension(entry.name)) {
        add(full);
      } else if (entry.isFile()) {
        result.skipped.push(full);
      }
      if (result.files.length > MAX_SCANNED_FILES) {
        throw new RangeError(
          `More than ${MAX_SCANNED_FILES} recordings were found under ${quoteFile(dir)}; choose a smaller folder.`,
        );
      }
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    const info = await lstat(path).catch(() => undefined);
    // A link the user chose by name is followed; a folder named like a video is reported, not entered.
    const target = info?.isSymbolicLink() ? await stat(path).catch(() => undefined) : info;
    if (target?.isDirectory() && !hasVideoExtension(basename(path))) await walk(path);
    else add(path);
  }
  return result;
}
