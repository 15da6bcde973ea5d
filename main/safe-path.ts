import { normalize, relative, resolve, sep } from 'node:path';

/**
 * Resolves a URL path inside root, or null when it would escape it (../, encoded ../, absolute
 * paths, NUL bytes). Used by every handler that maps a URL to a file.
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
  const rel = relative(base, target);
  if (rel === '' || rel.startsWith('..') || resolve(base, rel) !== target) return null;
  return target;
}
