import { realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/** True when `target` is strictly inside `base` (both absolute and normalised). */
function inside(base: string, target: string): boolean {
  const rel = relative(base, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Resolves a URL path inside root, or null when it would escape it (../, encoded ../, absolute
 * paths, NUL bytes). Used by every handler that maps a URL to a file. Purely lexical: see
 * resolveExistingInside for the check that also follows symbolic links.
 */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, normalize('.' + sep + decoded));
  if (!inside(base, target) || resolve(base, relative(base, target)) !== target) return null;
  return target;
}

/**
 * safeJoin, then the real path of the file (symbolic links followed) must still be inside the real
 * root: a link in the library that points at the database or /etc is refused. Null when the file
 * does not exist.
 */
export async function resolveExistingInside(root: string, urlPath: string): Promise<string | null> {
  const joined = safeJoin(root, urlPath);
  if (!joined) return null;
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(joined)]);
    return inside(realRoot, realTarget) ? realTarget : null;
  } catch {
    return null;
  }
}
