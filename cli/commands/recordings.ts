import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { noopOperation } from '../../services/core/context';
import { NotFoundError } from '../../services/core/errors';
import { checkRecordingFiles } from '../../services/recordings';
import { recordingFrames } from '../../services/recordings/recording-frames';
import { listRecordings } from '../../services/recordings/list';
import { withContext } from '../context';
import { UsageError, type CliIo } from '../io';

const fmtDuration = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** `osce recordings`: what is in the library, with proxy and file status (checked now, cheaply). */
export async function recordingsCommand(
  opts: { db?: string; json?: boolean; verify?: boolean },
  io: CliIo,
): Promise<number> {
  return withContext(opts.db, io, async (ctx) => {
    await checkRecordingFiles(ctx, { hash: opts.verify === true }, noopOperation);
    const { items } = listRecordings(ctx.db, { limit: -1 });
    if (opts.json) {
      const recordings = items.map((r) => ({
        id: r.id,
        sha256: r.sha256,
        path: r.originalPath,
        session: r.sessionName,
        station: r.stationCode,
        rubric_id: r.rubricId,
        rubric_version: r.rubricVersion,
        candidate: r.candidateCode,
        duration_s: r.durationS,
        width: r.width,
        height: r.height,
        fps: r.fps,
        video_codec: r.videoCodec,
        has_audio: r.hasAudio,
        storage: r.storage,
        proxy_status: r.proxyStatus,
        file_status: r.fileStatus,
        imported_at: r.importedAt,
      }));
      io.out(JSON.stringify({ recordings }) + '\n');
      return 0;
    }
    if (items.length === 0) {
      io.out('No recordings yet. Import some with: osce import <folder> --station cpr --session "Year 3 OSCE"\n');
      return 0;
    }
    for (const r of items) {
      const flags = [
        r.proxyStatus === 'pending' ? 'proxy pending' : r.proxyStatus === 'failed' ? 'proxy failed' : '',
        r.fileStatus !== 'ok' ? `FILE ${r.fileStatus.toUpperCase()}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      io.out(
        `${String(r.id).padStart(5)}  ${(r.candidateCode ?? '—').padEnd(10)} ${r.stationCode.padEnd(6)} ${r.sessionName}  ` +
          `${fmtDuration(r.durationS)}  ${r.width}x${r.height}  ${r.fileName}${flags ? `  [${flags}]` : ''}\n`,
      );
    }
    const problems = items.filter((r) => r.fileStatus !== 'ok').length;
    if (problems > 0) io.err(`${problems} recording file(s) are missing or changed; see the FILE flags above.\n`);
    return 0;
  });
}

export interface FramesFlags {
  recording: string;
  count: string;
  from?: string;
  to?: string;
  longSide?: string;
  exactTimes?: boolean;
  out: string;
  db?: string;
  json?: boolean;
}

function positiveInt(flag: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got '${raw}'`);
  return Number(raw);
}

function seconds(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new UsageError(`${flag} must be a time in seconds, got '${raw}'`);
  return Number(raw);
}

/** `osce frames`: N JPEG frames and frames.json (file name and timestamp of each), from the cache when it can. */
export async function framesCommand(f: FramesFlags, io: CliIo): Promise<number> {
  const recordingId = positiveInt('--recording', f.recording, Number.MAX_SAFE_INTEGER);
  const count = positiveInt('--count', f.count, 2000);
  const longSide = f.longSide !== undefined ? positiveInt('--long-side', f.longSide, 8192) : undefined;
  const fromS = seconds('--from', f.from);
  const toS = seconds('--to', f.to);
  if (fromS !== undefined && toS !== undefined && !(toS > fromS))
    throw new UsageError(`--to (${toS}) must be after --from (${fromS})`);
  const out = resolve(f.out);
  return withContext(f.db, io, async (ctx) => {
    let result;
    try {
      result = await recordingFrames(ctx, { recordingId, count, fromS, toS, longSide, exactTimes: f.exactTimes });
    } catch (error) {
      if (error instanceof NotFoundError) throw new UsageError(`${error.message} (see osce recordings)`);
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    await mkdir(out, { recursive: true });
    const width = String(count).length;
    const frames = [];
    for (const frame of result.frames) {
      const file = `frame-${String(frame.index + 1).padStart(Math.max(3, width), '0')}.jpg`;
      await writeFile(join(out, file), frame.jpeg);
      frames.push({
        file,
        timestamp_s: Number(frame.timestampS.toFixed(3)),
        target_s: Number(frame.targetS.toFixed(3)),
      });
    }
    const manifest = {
      recording_id: result.recording.id,
      sha256: result.recording.sha256,
      method: result.method,
      from_cache: result.fromCache,
      frames,
    };
    // Written last and renamed, so a frames.json on disk always describes JPEGs that are all there.
    await writeFile(join(out, '.frames.json.partial'), JSON.stringify(manifest, null, 2) + '\n');
    await rename(join(out, '.frames.json.partial'), join(out, 'frames.json'));
    if (f.json) io.out(JSON.stringify({ out, ...manifest }) + '\n');
    io.err(`${frames.length} frame(s) written to ${out}${result.fromCache ? ' (from the cache)' : ''}\n`);
    return 0;
  });
}
