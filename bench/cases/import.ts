import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeLongRecording, makeTestRecording, testMediaBinaries } from '../../tests/support/test-media';
import { openServiceContext } from '../../services/backend/open';
import { importRecordings } from '../../services/recordings';
import { silentLogger } from '../../services/core/log';
import { noopOperation } from '../../services/core/context';
import { measurePair, withRatios, type CaseResult } from '../lib';

/**
 * `count` distinct files: one encode, then copies that each end with their own MP4 'free' box, so
 * every file is valid, different in hash, and as costly to read as the original.
 */
function copies(work: string, name: string, source: string, count: number): string[] {
  const dir = join(work, name);
  if (existsSync(dir) && readdirSync(dir).length === count) return readdirSync(dir).map((f) => join(dir, f));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `candidate-${String(i).padStart(3, '0')}.mp4`);
    copyFileSync(source, file);
    const box = Buffer.alloc(24);
    box.writeUInt32BE(24, 0);
    box.write('free', 4, 'latin1');
    box.write(String(i).padStart(16, '0'), 8, 'latin1');
    appendFileSync(file, box);
    out.push(file);
  }
  return out;
}

async function longFiles(work: string): Promise<string[]> {
  const name = 'bench-180s-1280x720-gop2.mp4';
  const source = existsSync(join(work, name))
    ? join(work, name)
    : await makeLongRecording(work, {
        durationS: 180,
        width: 1280,
        height: 720,
        fps: 25,
        gopS: 2,
        preset: 'veryfast',
        fileName: name,
      });
  return copies(work, 'import-long', source, 20);
}

async function shortFiles(work: string): Promise<string[]> {
  const source = await makeTestRecording(work, 'mp4-no-audio', {
    durationS: 5,
    width: 640,
    height: 360,
    fileName: 'import-short-source.mp4',
  });
  return copies(work, 'import-short', source, 200);
}

/**
 * Importing (probe, hash, poster; referenced in place) against the same files read by ffprobe and
 * hashed by `openssl dgst -sha256`, one file after another, alternated in the same run.
 */
async function importSet(work: string, id: string, what: string, files: string[], runs: number): Promise<CaseResult> {
  const bin = testMediaBinaries();
  const baseline = () => {
    for (const f of files) {
      execFileSync(bin.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', f], {
        maxBuffer: 16 * 1024 * 1024,
      });
      execFileSync('openssl', ['dgst', '-sha256', f]);
    }
  };
  const importAll = async () => {
    const dir = mkdtempSync(join(work, 'import-db-'));
    const { ctx, close } = openServiceContext({
      dbPath: join(dir, 'osce.sqlite'),
      appVersion: 'bench',
      logger: silentLogger,
    });
    try {
      const r = await importRecordings(
        ctx,
        { paths: files, station: 'cpr', session: 'Bench', storage: 'reference' },
        noopOperation,
      );
      if (r.imported.length !== files.length)
        throw new Error(
          `imported ${r.imported.length} of ${files.length}: ${JSON.stringify({ ...r, imported: r.imported.length })}`,
        );
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const [base, cand] = await measurePair(
    [`ffprobe + openssl dgst -sha256 (${files.length} files)`, baseline],
    [`import ${files.length} recordings (probe, hash, poster)`, importAll],
    runs,
  );
  const ratio = cand.median / base.median;
  return withRatios({
    id,
    title: `Import of ${files.length} ${what}, referenced in place`,
    series: [base, cand],
    baseline: base.name,
    target: { description: `within 1.3x of ffprobe + openssl (${ratio.toFixed(2)}x)`, met: ratio <= 1.3 },
  });
}

/** Case 2: import of 20 long and of 200 short recordings, each against its own baseline. */
export async function importCase(work: string, runs: number): Promise<CaseResult[]> {
  return [
    await importSet(work, 'import-long', 'recordings of 180 s 1280x720 H.264', await longFiles(work), runs),
    await importSet(work, 'import-short', 'recordings of 5 s 640x360 H.264', await shortFiles(work), runs),
  ];
}
