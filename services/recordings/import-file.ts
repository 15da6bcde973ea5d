/**
 * Imports one recording: checks, probe, hash (and copy), poster, then the database rows in one
 * transaction with its audit event. Anything it wrote is removed again if a later step fails or
 * is cancelled, so a file either is imported completely or leaves nothing.
 */
import type { Stats } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ImportedRecording, RecordingStorage } from '../../contract/recordings';
import { insertRecording, recordingIdBySha, recordingOfSizeExists } from '../../db/queries/recordings';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import type { ServiceContext } from '../core/context';
import {
  assertRegularFile,
  CancelledError,
  DiskFullError,
  mapFsError,
  needsPlayableProxy,
  posterTimeS,
  probeRecording,
  quoteFile,
  sha256File,
  type PosterJob,
  type RecordingProbe,
} from '../media';
import { FileChangedDuringImportError } from './errors';
import { assertUnchanged, copyAndHash, incomingTempPath, libraryPath, storedExtension } from './library';
import { placeRecording, type Placement } from './placement';

export interface FileJob {
  path: string;
  placement: Placement;
  attributes: Record<string, string>;
  storage: RecordingStorage;
}

export type FileOutcome =
  | { kind: 'imported'; recording: ImportedRecording }
  | { kind: 'duplicate'; existingId: number }
  | { kind: 'failed'; error: string; errorName: string };

/** Points a test can hook to change the world mid-import (delete the file, cancel). */
export type ImportStage = 'checked' | 'probed' | 'stored' | 'poster';

export interface FileEnv {
  ctx: ServiceContext;
  binaries: { ffmpeg: string; ffprobe: string };
  actor: string;
  signal: AbortSignal;
  /** Makes a poster beside the files' reading (several files' posters share one process: poster-batch.ts). */
  makePoster: (job: PosterJob) => Promise<void>;
  /** The file has been read (probed, hashed or copied): the import may start reading the next one. */
  onReadDone?: () => void;
  /** Resolves when the files before this one are written: recordings get their ids in the order given. */
  turnToWrite?: () => Promise<void>;
  /** Bytes of this file read so far (for progress and time left). */
  onBytes(done: number): void;
  afterStage?: ((stage: ImportStage, path: string) => void | Promise<void>) | undefined;
  /** Where a file's unused copy and poster wait for the end of the import (LeftoverFiles). */
  leftovers: LeftoverFiles;
}

export function isCancel(error: unknown): boolean {
  return error instanceof CancelledError;
}

function sizeCollides(ctx: ServiceContext, sizeBytes: number): boolean {
  return recordingOfSizeExists(ctx.db, sizeBytes);
}

function existingRecordingId(ctx: ServiceContext, sha256: string): number | undefined {
  return recordingIdBySha(ctx.db, sha256);
}

/**
 * Content-addressed files (a copy, a poster) that a file of this import made and will not point at.
 * Files with the same bytes share them, so they are removed only when every file of the import is
 * done, and only if no row points at their hash by then (another file of the import, or another
 * process importing the same bytes, recorded them).
 */
export class LeftoverFiles {
  private readonly files: { path: string; sha256: string }[] = [];

  add(file: { path: string; sha256: string }): void {
    this.files.push(file);
  }

  async removeUnused(ctx: ServiceContext): Promise<void> {
    for (const file of this.files.splice(0)) {
      if (existingRecordingId(ctx, file.sha256) === undefined) await rm(file.path, { force: true }).catch(() => {});
    }
  }
}

/** Deletes what this import wrote: temporary files at once, content-addressed ones at the end of the import. */
async function removeCreated(created: { path: string; sha256?: string }[], leftovers: LeftoverFiles): Promise<void> {
  for (const file of created.reverse()) {
    if (file.sha256 !== undefined) leftovers.add({ path: file.path, sha256: file.sha256 });
    else await rm(file.path, { force: true }).catch(() => {});
  }
}

function describeFailure(error: unknown, path: string): { error: string; errorName: string } {
  const mapped = mapFsError(error, path);
  // The full disk is the library's; the temporary name it was writing means nothing to the user.
  if (mapped instanceof DiskFullError) {
    return {
      error: `There is not enough disk space in the library folder to import ${quoteFile(path)}.`,
      errorName: mapped.name,
    };
  }
  if (mapped instanceof Error && mapped.name !== 'Error' && mapped.message.includes(quoteFile(path))) {
    return { error: mapped.message, errorName: mapped.name };
  }
  const message = mapped instanceof Error ? mapped.message : String(mapped);
  return {
    error: `${quoteFile(path)} could not be imported: ${message}`,
    errorName: mapped instanceof Error ? mapped.name : 'Error',
  };
}

export async function importFile(job: FileJob, env: FileEnv): Promise<FileOutcome> {
  const { ctx, signal } = env;
  const path = job.path;
  const created: { path: string; sha256?: string }[] = [];
  const stage = async (name: ImportStage) => {
    await env.afterStage?.(name, path);
    if (signal.aborted) throw new CancelledError(path);
  };
  // The poster is made while the file is hashed (or copied), off this file's path.
  let poster: Promise<void> | null = null;
  try {
    if (signal.aborted) throw new CancelledError(path);
    const before: Stats = await assertRegularFile(path);
    await stage('checked');
    const probe = await probeRecording(path, { ffprobePath: env.binaries.ffprobe, signal });
    await stage('probed');

    await mkdir(ctx.libraryDir, { recursive: true });
    const posterTemp = incomingTempPath(ctx.libraryDir, 'jpg');
    created.push({ path: posterTemp });
    poster = env.makePoster({ input: path, out: posterTemp, atS: posterTimeS(probe.durationS) });
    poster.catch(() => undefined); // awaited below, or abandoned with the file

    let sha256: string;
    let storedPath = path;
    const ext = storedExtension(path, probe.container);
    if (job.storage === 'copy') {
      // Copying hashes the bytes it copies (one read). Only when a stored recording has the very
      // same size could this be a duplicate; then hash first, so re-importing a folder does not
      // copy gigabytes just to throw them away.
      let preHash: string | undefined;
      if (sizeCollides(ctx, before.size)) {
        preHash = await sha256File(path, { signal, onProgress: env.onBytes });
        const existing = existingRecordingId(ctx, preHash);
        if (existing !== undefined) return await abandon(existing);
      }
      const temp = incomingTempPath(ctx.libraryDir, ext);
      created.push({ path: temp });
      sha256 = await copyAndHash(path, temp, { signal, onBytes: env.onBytes });
      if (preHash !== undefined && preHash !== sha256) throw new FileChangedDuringImportError(path);
      await assertUnchanged(path, before);
      const existing = existingRecordingId(ctx, sha256);
      if (existing !== undefined) return await abandon(existing);
      storedPath = libraryPath(ctx.libraryDir, 'copy', sha256, ext).abs;
      await rename(temp, storedPath).catch((error: unknown) => {
        throw mapFsError(error, storedPath);
      });
      created[created.length - 1] = { path: storedPath, sha256 };
    } else {
      sha256 = await sha256File(path, { signal, onProgress: env.onBytes });
      await assertUnchanged(path, before);
      const existing = existingRecordingId(ctx, sha256);
      if (existing !== undefined) return await abandon(existing);
    }
    await stage('stored');
    env.onReadDone?.();

    await poster;
    const { abs: posterAbs, rel: posterRel } = libraryPath(ctx.libraryDir, 'poster', sha256);
    await mkdir(dirname(posterAbs), { recursive: true });
    await rename(posterTemp, posterAbs).catch((error: unknown) => {
      throw mapFsError(error, posterAbs);
    });
    created[0] = { path: posterAbs, sha256 };
    await stage('poster');

    await env.turnToWrite?.();
    if (signal.aborted) throw new CancelledError(path);
    const outcome = writeRows(env, job, { probe, sha256, storedPath, posterRel, mtimeMs: before.mtimeMs });
    if (outcome.kind === 'duplicate') await removeCreated(created, env.leftovers);
    return outcome;
  } catch (error) {
    await settlePoster();
    await removeCreated(created, env.leftovers);
    if (isCancel(error) || signal.aborted) throw new CancelledError(path);
    return { kind: 'failed', ...describeFailure(error, path) };
  }

  /**
   * Waits for the poster's process to end (a batch serves other files too, so it is not stopped;
   * a cancelled import stops it), so nothing is written after the clean-up.
   */
  async function settlePoster(): Promise<void> {
    await poster?.catch(() => undefined);
  }

  async function abandon(existingId: number): Promise<FileOutcome> {
    await settlePoster();
    await removeCreated(created, env.leftovers);
    return { kind: 'duplicate', existingId };
  }
}

interface StoredFacts {
  probe: RecordingProbe;
  sha256: string;
  storedPath: string;
  posterRel: string;
  mtimeMs: number;
}

/** The recording and everything it points at, in one transaction with its audit event. */
function writeRows(env: FileEnv, job: FileJob, f: StoredFacts): FileOutcome {
  const { ctx, actor } = env;
  const proxyStatus = needsPlayableProxy(f.probe) ? 'pending' : 'not_needed';
  return ctx.db
    .transaction((): FileOutcome => {
      // Checked again under the write lock: the CLI and the app may import the same bytes at once.
      const existing = existingRecordingId(ctx, f.sha256);
      if (existing !== undefined) return { kind: 'duplicate', existingId: existing };
      const placed = placeRecording(ctx.db, job.placement, actor);
      const p = f.probe;
      const id = insertRecording(
        ctx.db,
        {
          sha256: f.sha256,
          session_id: placed.sessionId,
          station_id: placed.stationId,
          candidate_id: placed.candidateId,
          original_path: job.path,
          stored_path: f.storedPath,
          storage: job.storage,
          size_bytes: p.sizeBytes,
          mtime_ms: Math.round(f.mtimeMs),
          duration_s: p.durationS,
          width: p.width,
          height: p.height,
          rotation: p.rotation,
          fps: p.fps || null,
          vfr: p.isVariableFrameRate ? 1 : 0,
          video_codec: p.videoCodec,
          audio_codec: p.audioCodec,
          has_audio: p.hasAudio ? 1 : 0,
          container: p.container,
          poster_path: f.posterRel,
          proxy_status: proxyStatus,
          attributes: JSON.stringify(job.attributes),
          imported_at: nowIso(),
        },
        placed.raterIds,
      );
      appendAudit(ctx.db, {
        actor,
        action: 'import',
        entity: 'recording',
        entityId: id,
        after: {
          sha256: f.sha256,
          originalPath: job.path,
          storage: job.storage,
          session: job.placement.session.name,
          station: placed.stationCode,
          rubricId: job.placement.rubricId,
          candidate: job.placement.candidate ?? null,
          examiners: job.placement.examiners,
          durationS: p.durationS,
          attributes: job.attributes,
        },
      });
      return {
        kind: 'imported',
        recording: {
          id,
          path: job.path,
          sha256: f.sha256,
          durationS: p.durationS,
          width: p.width,
          height: p.height,
          fps: p.fps,
          videoCodec: p.videoCodec,
          hasAudio: p.hasAudio,
          storage: job.storage,
          proxyStatus,
        },
      };
    })
    .immediate();
}
