/**
 * Is every recording's video still where it was imported from, and unchanged? A referenced
 * original lives on the examiner's drive and can be moved, deleted or re-exported; a library copy
 * can be damaged. Size and modification time are checked cheaply; the hash on request, and a file
 * that was only touched (same bytes, new time) is then accepted with its new time.
 */
import { stat } from 'node:fs/promises';
import type { RecordingFileCheck, RecordingFileStatus } from '../../contract/recordings';
import { recordingFileFacts, saveFileStatuses, type FileFactsRow } from '../../db/queries/recordings';
import { nowIso } from '../core/clock';
import type { OperationContext, ServiceContext } from '../core/context';
import { CancelledError } from '../core/errors';
import { sha256File } from '../media';
import { isCancel } from './import-file';

export interface FileCheckOptions {
  /** Only these recordings; default all. */
  ids?: readonly number[] | undefined;
  /** Also compare the SHA-256 of the bytes (reads every file). */
  hash?: boolean | undefined;
}

async function checkOne(
  row: FileFactsRow,
  hash: boolean,
  signal: AbortSignal,
): Promise<{ status: RecordingFileStatus; detail: string | null; mtimeMs?: number }> {
  let info;
  try {
    info = await stat(row.stored_path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      status: 'missing',
      detail:
        code === 'ENOENT' || code === 'ENOTDIR'
          ? 'no file at this path any more'
          : `cannot be read (${code ?? (error as Error).message})`,
    };
  }
  if (!info.isFile()) return { status: 'missing', detail: 'this path is no longer a file' };
  if (info.size !== row.size_bytes) {
    return {
      status: 'changed',
      detail: `its size was ${row.size_bytes} bytes at import and is ${info.size} bytes now`,
    };
  }
  // A library copy's own time is when it was copied; only a referenced original keeps the time we stored.
  const timeMoved = row.storage === 'reference' && row.mtime_ms !== null && Math.round(info.mtimeMs) !== row.mtime_ms;
  if (!hash) {
    return timeMoved
      ? { status: 'changed', detail: `modified on ${new Date(info.mtimeMs).toISOString()} after it was imported` }
      : { status: 'ok', detail: null };
  }
  let sha: string;
  try {
    sha = await sha256File(row.stored_path, { signal });
  } catch (error) {
    if (isCancel(error)) throw new CancelledError();
    return { status: 'missing', detail: `cannot be read: ${(error as Error).message}` };
  }
  if (sha !== row.sha256)
    return { status: 'changed', detail: 'its content differs from the recording that was imported (SHA-256 mismatch)' };
  return { status: 'ok', detail: null, ...(timeMoved ? { mtimeMs: Math.round(info.mtimeMs) } : {}) };
}

export async function checkRecordingFiles(
  ctx: ServiceContext,
  opts: FileCheckOptions,
  op: OperationContext,
): Promise<RecordingFileCheck[]> {
  const rows = recordingFileFacts(ctx.db, opts.ids);
  const out: RecordingFileCheck[] = [];
  const verdicts: { id: number; status: RecordingFileStatus; mtimeMs: number | null }[] = [];
  for (const [i, row] of rows.entries()) {
    if (op.signal.aborted) throw new CancelledError();
    op.progress({ done: i, total: rows.length, current: row.stored_path.split(/[\\/]/).pop() ?? '' });
    const verdict = await checkOne(row, opts.hash === true, op.signal);
    verdicts.push({ id: row.id, status: verdict.status, mtimeMs: verdict.mtimeMs ?? null });
    out.push({ id: row.id, status: verdict.status, path: row.stored_path, detail: verdict.detail });
  }
  // One transaction: a commit per recording would cost a disk flush each (synchronous=FULL).
  const at = nowIso();
  saveFileStatuses(ctx.db, verdicts, at);
  op.progress({ done: rows.length, total: rows.length });
  return out;
}
