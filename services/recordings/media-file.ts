/**
 * Which file the player or a thumbnail may load for a recording. The media URL carries only a
 * recording id and a kind; the path always comes from the recording's own row, so a page can
 * never name an arbitrary file, yet referenced originals outside the library can still be played.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { RecordingMediaFile, RecordingMediaKind } from '../../contract/recordings';
import { recordingById } from '../../db/queries/recordings';
import type { ServiceContext } from '../core/context';
import { NotFoundError } from '../core/errors';
import { VIDEO_EXTENSIONS } from './scan';

const isVideoName = (path: string) => {
  const ext = extname(path).slice(1).toLowerCase();
  return VIDEO_EXTENSIONS.has(ext) || ext === 'video';
};

/**
 * Why the file a row names is not that recording's original any more, or null when it may be
 * served. The row can be edited by anyone with the database, and a referenced original may lie
 * anywhere: so it must be a regular file, named as a video both as given and after following
 * links, of exactly the size recorded at import.
 */
function originalProblem(path: string, sizeBytes: number): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return 'it is not there';
  }
  if (!isVideoName(path) || !isVideoName(real)) return 'it is not a video file';
  const st = statSync(real);
  if (!st.isFile()) return 'it is not a regular file';
  if (st.size !== sizeBytes) return 'it is not the size recorded at import (it changed, or the row was edited)';
  return null;
}

/** The media URL path of a recording's file, under the bridge's mediaBaseUrl. */
export function recordingMediaUrlPath(recordingId: number, kind: RecordingMediaKind): string {
  return `recording/${recordingId}/${kind}`;
}

/**
 * What a player should load: the proxy once it is ready, otherwise the original (it plays as it
 * is when no proxy is needed; while one is being made or failed, Chromium may still manage it).
 * Null when the file is known to be missing.
 */
export function playableUrlPath(r: { id: number; proxyStatus: string; fileStatus: string }): string | null {
  if (r.proxyStatus === 'ready') return recordingMediaUrlPath(r.id, 'proxy');
  if (r.fileStatus === 'missing') return null;
  return recordingMediaUrlPath(r.id, 'original');
}

/** Parses what recordingMediaUrlPath made; null for anything else. */
export function parseRecordingMediaUrlPath(urlPath: string): { recordingId: number; kind: RecordingMediaKind } | null {
  const m = /^\/*recording\/([1-9]\d{0,15})\/(original|proxy|poster)$/.exec(urlPath);
  return m ? { recordingId: Number(m[1]), kind: m[2] as RecordingMediaKind } : null;
}

function insideLibrary(libraryDir: string, rel: string): string | null {
  const base = resolve(libraryDir);
  const full = resolve(base, rel);
  const back = relative(base, full);
  return back && !back.startsWith('..') && !isAbsolute(back) ? full : null;
}

/** What Chromium needs to hear to play it; originals that need a proxy are never served as video. */
function originalContentType(container: string | null): string {
  const parts = (container ?? '').split(',');
  if (parts.includes('mp4') || parts.includes('mov')) return 'video/mp4';
  if (parts.includes('webm') || parts.includes('matroska')) return 'video/webm';
  return 'application/octet-stream';
}

export function recordingMediaFile(
  ctx: ServiceContext,
  recordingId: number,
  kind: RecordingMediaKind,
): RecordingMediaFile {
  const row = recordingById(ctx.db, recordingId);
  if (!row) throw new NotFoundError(`Recording ${recordingId}`);
  let file: { path: string | null; contentType: string };
  if (kind === 'original') {
    const problem = originalProblem(row.stored_path, row.size_bytes);
    if (problem) throw new NotFoundError(`The original file of recording ${recordingId} (${problem})`);
    file = { path: row.stored_path, contentType: originalContentType(row.container) };
  } else if (kind === 'proxy') {
    file = {
      path: row.proxy_status === 'ready' && row.proxy_path ? insideLibrary(ctx.libraryDir, row.proxy_path) : null,
      contentType: 'video/mp4',
    };
  } else
    file = { path: row.poster_path ? insideLibrary(ctx.libraryDir, row.poster_path) : null, contentType: 'image/jpeg' };
  if (!file.path || !existsSync(file.path) || !statSync(file.path).isFile()) {
    throw new NotFoundError(`The ${kind} file of recording ${recordingId}`);
  }
  return { path: file.path, contentType: file.contentType };
}
