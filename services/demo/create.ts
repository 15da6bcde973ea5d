import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { makePoster } from '../media/thumbnail';
import { libraryPath } from '../recordings/library';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/connection';
import { openDatabaseFile } from '../../db/database-file';
import { metaValue, putMeta } from '../../db/queries/settings';
import { recordingRows, replaceRecordingFile } from '../../db/queries/recordings';
import { locateMediaBinaries } from '../media/binaries';
import { runMediaProcess } from '../media/ffmpeg-runner';
import { openServiceContext } from '../backend/open';
import { silentLogger } from '../core/log';
import { generateDemoLabels, type DemoLabelSummary } from './labels';

const DEMO_FLAG = 'is_demo';

class NotADemoDatabaseError extends Error {
  override name = 'NotADemoDatabase';
  constructor(file: string) {
    super(
      `${file} holds real exam records, not demo data; the demo is never written into it. Choose another path for the demo database.`,
    );
  }
}

export function isDemoDatabase(db: Db): boolean {
  return metaValue(db, DEMO_FLAG) === '1';
}

/** True when the file exists and is a demo database (checked read-only, nothing is changed). */
function fileIsDemo(file: string): boolean {
  const db = openDatabaseFile(file, { readonly: true });
  try {
    return metaValue(db, DEMO_FLAG) === '1';
  } catch {
    return false;
  } finally {
    db.close();
  }
}

const STATION_LOOK: Record<string, { pattern: string; durationS: number }> = {
  // Durations follow the SiMing-Bench averages per station (85.6 s, 50.2 s, 33.1 s).
  cpr: { pattern: 'testsrc2', durationS: 86 },
  aed: { pattern: 'smptebars', durationS: 50 },
  bmv: { pattern: 'rgbtestsrc', durationS: 33 },
};

/** Short synthetic videos, one look per station, so the player and thumbnails have something real. */
async function demoVideos(dir: string, ffmpegPath: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const [station, look] of Object.entries(STATION_LOOK)) {
    const file = join(dir, `demo-${station}.mp4`);
    if (!existsSync(file)) {
      await runMediaProcess(
        ffmpegPath,
        [
          '-v',
          'error',
          '-y',
          '-f',
          'lavfi',
          '-i',
          `${look.pattern}=size=640x360:rate=25:duration=${look.durationS}`,
          '-f',
          'lavfi',
          '-i',
          `sine=frequency=440:duration=${look.durationS}`,
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-pix_fmt',
          'yuv420p',
          '-g',
          '50',
          '-c:a',
          'aac',
          '-shortest',
          '-movflags',
          '+faststart',
          `file:${file}.partial.mp4`,
        ],
        { inputPath: file, outputPath: `${file}.partial.mp4` },
      );
      const { renameSync } = await import('node:fs');
      renameSync(`${file}.partial.mp4`, file);
    }
    out[station] = file;
  }
  return out;
}

/**
 * Creates (or re-creates) a SEPARATE demo database: demo videos, two demo examiners whose marks
 * disagree realistically, adjudicated finals, and two clearly labelled near-chance demo models.
 * A file that holds real records is refused, so demo data can never mix with real data.
 */
export async function createDemoDatabase(
  dbPath: string,
  opts: { ffmpegPath?: string | null; seed?: number; candidates?: number } = {},
): Promise<DemoLabelSummary & { dbPath: string }> {
  if (existsSync(dbPath)) {
    if (!fileIsDemo(dbPath)) throw new NotADemoDatabaseError(dbPath);
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  }
  const ffmpeg = opts.ffmpegPath ?? locateMediaBinaries({}).ffmpeg.path;
  const videos = await demoVideos(join(dirname(dbPath), 'demo-media'), ffmpeg);
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'demo', logger: silentLogger });
  try {
    putMeta(ctx.db, DEMO_FLAG, '1');
    const summary = generateDemoLabels(ctx.db, {
      seed: opts.seed ?? 7,
      candidates: opts.candidates ?? 8,
      session: 'DEMO Year 3 OSCE',
      videoPaths: videos,
      actor: 'demo',
    });
    await giveEachRecordingItsOwnFile(ctx.db, ctx.libraryDir, join(dirname(dbPath), 'demo-media'), videos, ffmpeg);
    return { ...summary, dbPath };
  } finally {
    close();
  }
}

/** The demo database at dbPath, created when missing; an existing demo is kept as it is. */
export async function ensureDemoDatabase(dbPath: string): Promise<void> {
  if (existsSync(dbPath) && fileIsDemo(dbPath)) return;
  await createDemoDatabase(dbPath);
}

/**
 * Each demo recording gets its own file (the station's video plus a unique MP4 'free' box), its
 * real hash, size and time, and a poster, so "Verify files", posters and playback behave as they
 * do for imported recordings.
 */
async function giveEachRecordingItsOwnFile(
  db: Db,
  libraryDir: string,
  mediaDir: string,
  videos: Record<string, string>,
  ffmpegPath: string,
): Promise<void> {
  const posters: Record<string, string> = {};
  for (const [station, video] of Object.entries(videos)) {
    posters[station] = join(mediaDir, `poster-${station}.jpg`);
    if (!existsSync(posters[station]!)) await makePoster(video, posters[station]!, { ffmpegPath, atS: 1 });
  }
  const stationOf = new Map(Object.entries(videos).map(([station, video]) => [video, station]));
  const rows = recordingRows(db);
  db.transaction(() => {
    for (const r of rows) {
      const station = stationOf.get(r.stored_path);
      if (!station) continue;
      const file = join(mediaDir, `recording-${r.id}.mp4`);
      copyFileSync(r.stored_path, file);
      const box = Buffer.alloc(24);
      box.writeUInt32BE(24, 0);
      box.write('free', 4, 'latin1');
      box.write(String(r.id).padStart(16, '0'), 8, 'latin1');
      appendFileSync(file, box);
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      const { abs: posterAbs, rel: poster } = libraryPath(libraryDir, 'poster', sha);
      copyFileSync(posters[station]!, posterAbs);
      replaceRecordingFile(db, r.id, {
        sha256: sha,
        path: file,
        sizeBytes: statSync(file).size,
        mtimeMs: Math.round(statSync(file).mtimeMs),
        poster,
      });
    }
  })();
}
