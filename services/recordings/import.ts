/**
 * Batch import of OSCE recordings: files and folders, optionally a manifest, into an exam session
 * and station. Problems with the request itself (unknown station, bad manifest) stop it before any
 * file is touched; a problem with one file is reported for that file and the others go on.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { ImportResult, RecordingStorage } from '../../contract/recordings';
import type { OperationContext, ServiceContext } from '../core/context';
import { getSettings } from '../core/settings';
import { ImportUsageError, MissingStationError, UnknownStationError } from './errors';
import { candidateProblem, dateProblem, examinerProblem, localIsoDate, sessionProblem } from './fields';
import { importFile, isCancel, LeftoverFiles, type FileJob, type ImportStage } from './import-file';
import { makePosters, POSTER_BATCH_MAX, type PosterJob } from '../media';
import { Semaphore } from '../core/semaphore';
import { readManifest, type ManifestRow } from './manifest';
import {
  candidateFromFileName,
  candidatePatternProblem,
  PATTERN_PROBLEM_TEXT,
} from '../../domain/recording/candidate-pattern';
import { knownRubricIds } from '../../db/queries/rubrics';
import { expandImportPaths } from './scan';

export interface ImportRequest {
  /** Files and folders (folders are scanned recursively). */
  paths: readonly string[];
  /** Rubric id of the station; a manifest's station column overrides it per row. */
  station?: string | undefined;
  /** Exam session name; created with date and site when it does not exist. */
  session?: string | undefined;
  date?: string | undefined;
  site?: string | undefined;
  /** One candidate code for every file (the per-file codes, the pattern and a manifest row win over it). */
  candidate?: string | undefined;
  /** Reads each file's candidate code from its name, e.g. `{candidate}_*` (domain/recording/candidate-pattern.ts). */
  candidatePattern?: string | undefined;
  /** Candidate codes the examiner set per file (by absolute path); a manifest row still wins. */
  candidates?: readonly { path: string; candidate: string }[] | undefined;
  examiners?: readonly string[] | undefined;
  /** CSV: file,candidate,station,session,date (+ any attribute columns). */
  manifest?: string | undefined;
  /** Default: the copyOriginals setting. */
  storage?: RecordingStorage | undefined;
}

export interface ImportOptions {
  actor?: string;
  /** Called when a recording was stored that needs a playable proxy (the app starts its queue). */
  onProxyNeeded?: () => void;
  /** Test hook: runs after each stage of each file. */
  afterStage?: (stage: ImportStage, path: string) => void | Promise<void>;
  /** Files worked on at once; default 2–3, bounded by the cores. */
  concurrency?: number;
}

/** Two or three files at once: one is being hashed while another is probed and a third gets its poster. */
export function defaultImportConcurrency(): number {
  return Math.max(1, Math.min(3, availableParallelism()));
}

/**
 * One poster process at a time beside the reading; the files that arrive while it runs share the
 * next one (up to POSTER_BATCH_MAX), so a batch of short files does not pay a process start each.
 */
function posterLane(ffmpegPath: string, signal: AbortSignal): (job: PosterJob) => Promise<void> {
  const queue: { job: PosterJob; resolve: () => void; reject: (reason: unknown) => void }[] = [];
  let busy = false;
  const pump = () => {
    if (busy || queue.length === 0) return;
    busy = true;
    const batch = queue.splice(0, POSTER_BATCH_MAX);
    makePosters(
      batch.map((b) => b.job),
      { ffmpegPath, signal },
    )
      .then(
        (results) =>
          results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i]!.resolve() : batch[i]!.reject(r.reason))),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        busy = false;
        pump();
      });
  };
  return (job) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ job, resolve, reject });
      pump();
    });
}

/** Files read but still waiting for their poster and their turn to write, per reading slot (bounds temporary files). */
const WAITING_PER_SLOT = 4;

/** Probing and poster-making cost about as much as reading this many bytes; keeps "time left" honest for small files. */
const PER_FILE_OVERHEAD_BYTES = 16 * 1024 * 1024;
const PROGRESS_EVERY_MS = 200;

function validateRequest(ctx: ServiceContext, req: ImportRequest): Set<string> {
  const known = new Set(knownRubricIds(ctx.db));
  const issues: { path: string; message: string }[] = [];
  const check = (path: string, problem: string | null) => problem && issues.push({ path, message: problem });
  if (req.station !== undefined && !known.has(req.station)) throw new UnknownStationError(req.station, [...known]);
  if (req.date !== undefined) check('date', dateProblem(req.date));
  if (req.candidate !== undefined) check('candidate', candidateProblem(req.candidate));
  if (req.candidatePattern !== undefined) {
    const problem = candidatePatternProblem(req.candidatePattern);
    check('candidatePattern', problem && PATTERN_PROBLEM_TEXT[problem]);
  }
  for (const c of req.candidates ?? []) check(`candidates: ${basename(c.path)}`, candidateProblem(c.candidate));
  if (req.session !== undefined) check('session', sessionProblem(req.session));
  for (const name of req.examiners ?? []) check('examiners', examinerProblem(name));
  if (req.paths.length === 0 && !req.manifest)
    issues.push({ path: 'paths', message: 'choose at least one file or folder, or a manifest' });
  if (issues.length > 0) throw new ImportUsageError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return known;
}

/**
 * A file's candidate: its manifest row, else the code the examiner set for it, else what the pattern
 * reads from its name, else the batch's one code. A name the pattern reads as no valid code is a
 * problem for that file alone.
 */
function candidateOf(
  req: ImportRequest,
  perFile: Map<string, string>,
  row: ManifestRow | undefined,
  file: string,
): { code: string | undefined } | { problem: string } {
  if (row?.candidate) return { code: row.candidate };
  const set = perFile.get(file);
  if (set) return { code: set };
  if (req.candidatePattern) {
    const read = candidateFromFileName(req.candidatePattern, file);
    if (read.kind === 'code') return { code: read.code };
    if (read.kind === 'invalid') return { problem: `the candidate pattern reads '${read.found}': ${read.problem}` };
  }
  return { code: req.candidate?.trim() || undefined };
}

/** Manifest rows first, in their order, then scanned files the manifest does not list. */
function planJobs(
  req: ImportRequest,
  rows: ManifestRow[],
  scanned: string[],
  storage: RecordingStorage,
): { jobs: FileJob[]; failed: ImportResult['failed'] } {
  const byFile = new Map(rows.map((r) => [r.file, r]));
  const perFile = new Map((req.candidates ?? []).map((c) => [c.path, c.candidate.trim()]));
  const failed: ImportResult['failed'] = [];
  const files = [...rows.map((r) => r.file), ...scanned.filter((f) => !byFile.has(f))];
  const defaultSession = req.session?.trim() || `Imported ${req.date ?? localIsoDate()}`;
  const jobs = files.flatMap((file): FileJob[] => {
    const row = byFile.get(file);
    const rubricId = row?.station ?? req.station;
    if (!rubricId) throw new MissingStationError();
    const sessionName = row?.session ?? defaultSession;
    const candidate = candidateOf(req, perFile, row, file);
    if ('problem' in candidate) {
      failed.push({ path: file, error: `${basename(file)}: ${candidate.problem}`, errorName: 'CandidateCodeError' });
      return [];
    }
    return [
      {
        path: file,
        storage,
        attributes: row?.attributes ?? {},
        placement: {
          session: { name: sessionName, date: row?.date ?? req.date, site: req.site?.trim() || undefined },
          rubricId,
          candidate: candidate.code,
          examiners: (req.examiners ?? []).map((e) => e.trim()).filter(Boolean),
        },
      },
    ];
  });
  return { jobs, failed };
}

function emptyResult(): ImportResult {
  return { imported: [], duplicates: [], failed: [], skipped: [], cancelled: false, notStarted: [] };
}

export async function importRecordings(
  ctx: ServiceContext,
  req: ImportRequest,
  op: OperationContext,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const known = validateRequest(ctx, req);
  const rows = req.manifest ? await readManifest(req.manifest, { knownStations: known }) : [];
  const storage: RecordingStorage = req.storage ?? (getSettings(ctx.db).copyOriginals ? 'copy' : 'reference');
  const result = emptyResult();

  let scanned: Awaited<ReturnType<typeof expandImportPaths>>;
  try {
    scanned = await expandImportPaths(req.paths, op.signal);
  } catch (error) {
    if (isCancel(error)) return { ...result, cancelled: true };
    throw error;
  }
  const { jobs, failed } = planJobs(req, rows, scanned.files, storage);
  result.skipped = scanned.skipped;
  result.failed.push(...scanned.failed.map((f) => ({ ...f, errorName: 'FolderUnreadable' })), ...failed);
  if (jobs.length === 0) return result;
  const binaries = ctx.media.binaries();

  const sizes = await Promise.all(
    jobs.map((j) =>
      stat(j.path).then(
        (s) => (s.isFile() ? s.size : 0),
        () => 0,
      ),
    ),
  );
  const units = sizes.map((s) => s + PER_FILE_OVERHEAD_BYTES);
  const totalUnits = units.reduce((a, b) => a + b, 0);
  const started = Date.now();
  let doneUnits = 0;
  let lastEmit = 0;
  let currentName = '';
  const report = (index: number, currentUnits: number, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastEmit < PROGRESS_EVERY_MS) return;
    lastEmit = now;
    const done = doneUnits + currentUnits;
    const elapsedS = (now - started) / 1000;
    const etaS = elapsedS > 0.5 && done > 0 ? Math.max(0, (elapsedS * (totalUnits - done)) / done) : undefined;
    op.progress({
      done: index,
      total: jobs.length,
      ...(index < jobs.length && currentName ? { current: currentName } : {}),
      ...(etaS !== undefined ? { etaS: Math.round(etaS) } : {}),
    });
  };

  // Files are worked on a few at a time; each one's progress counts once its rows are written.
  const outcomes: (Awaited<ReturnType<typeof importFile>> | undefined)[] = new Array(jobs.length);
  const reading = new Map<number, number>();
  const workers = Math.max(1, Math.min(opts.concurrency ?? defaultImportConcurrency(), jobs.length));
  const makePoster = posterLane(binaries.ffmpeg, op.signal);
  // File i writes its rows after file i-1 has written (or failed): ids follow the order of the files.
  const written = jobs.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  let finished = 0;
  const progressNow = (force: boolean) => {
    let inFlight = 0;
    for (const [i, bytes] of reading) inFlight += Math.min(bytes, sizes[i]!);
    // Files finish in order (their rows are written in order), so the earliest one still working is the next to count.
    const earliest = Math.min(...reading.keys());
    currentName = Number.isFinite(earliest) ? basename(jobs[earliest]!.path) : '';
    report(finished, inFlight, force);
  };
  const leftovers = new LeftoverFiles();
  const importOne = async (i: number, readDone: () => void) => {
    const job = jobs[i]!;
    try {
      reading.set(i, 0);
      progressNow(true);
      outcomes[i] = await importFile(job, {
        ctx,
        binaries,
        actor: opts.actor ?? 'app',
        signal: op.signal,
        makePoster,
        leftovers,
        onReadDone: readDone,
        turnToWrite: () => (i > 0 ? written[i - 1]!.promise : Promise.resolve()),
        onBytes: (bytes) => {
          reading.set(i, bytes);
          progressNow(false);
        },
        afterStage: opts.afterStage,
      });
    } catch (error) {
      if (!isCancel(error)) throw error;
      // A file cut short by a cancel kept nothing; it counts as not started.
    } finally {
      readDone();
      reading.delete(i);
      // Written (or given up) only once every file before it is: a file that failed early must not
      // let the next one write before the files ahead of it.
      void (i > 0 ? written[i - 1]!.promise : Promise.resolve()).then(() => written[i]!.resolve());
    }
    if (outcomes[i]) {
      finished++;
      doneUnits += units[i]!;
      const outcome = outcomes[i];
      if (outcome.kind === 'imported' && outcome.recording.proxyStatus === 'pending') opts.onProxyNeeded?.();
      if (reading.size) progressNow(true);
    }
  };

  // `workers` files are read (probed, hashed or copied) at once; a file that has been read frees its
  // slot for the next while its poster is finished and its rows wait their turn, so process starts
  // and reading overlap instead of each file's poster holding up the next file.
  const readSlots = new Semaphore(workers);
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  try {
    for (let i = 0; i < jobs.length; i++) {
      let readDone: () => void;
      try {
        readDone = await readSlots.acquire(op.signal);
      } catch (error) {
        if (isCancel(error)) break;
        throw error;
      }
      while (running.size >= workers * (1 + WAITING_PER_SLOT) && !failures.length) await Promise.race(running);
      if (op.signal.aborted || failures.length) {
        readDone();
        break;
      }
      const task: Promise<void> = importOne(i, readDone)
        .catch((error: unknown) => void failures.push(error))
        .finally(() => running.delete(task));
      running.add(task);
    }
  } finally {
    await Promise.allSettled(running);
    // Every file is done: a copy or poster that none of them (nor anyone else) recorded goes.
    await leftovers.removeUnused(ctx);
  }
  if (failures.length) throw failures[0];

  // Results in the order of the files, whatever order they finished in.
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.kind === 'imported') result.imported.push(outcome.recording);
    else if (outcome.kind === 'duplicate') result.duplicates.push({ path: job.path, existingId: outcome.existingId });
    else if (outcome.kind === 'failed')
      result.failed.push({ path: job.path, error: outcome.error, errorName: outcome.errorName });
  });
  if (op.signal.aborted) {
    result.cancelled = true;
    result.notStarted = jobs.filter((_, i) => !outcomes[i]).map((j) => j.path);
    return result;
  }
  report(jobs.length, 0, true);
  return result;
}
