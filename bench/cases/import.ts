import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeLongRecording, testMediaBinaries } from '../../tests/support/test-media';
import { openServiceContext } from '../../services/backend/open';
import { importRecordings } from '../../services/recordings';
import { silentLogger } from '../../services/core/log';
import { noopOperation } from '../../services/core/context';
import { measurePair, withRatios, type CaseResult } from '../lib';

const FILES = 20;

/**
 * 20 distinct 3-minute 720p files: one encode, then copies that each end with their own MP4 'free'
 * box, so every file is valid, different in hash, and as costly to read as the original.
 */
async function recordings(work: string): Promise<string[]> {
  const dir = join(work, 'import-set');
  if (existsSync(dir) && readdirSync(dir).length === FILES) return readdirSync(dir).map((f) => join(dir, f));
  mkdirSync(dir, { recursive: true });
  const source = existsSync(join(work, 'bench-180s-1280x720-gop2.mp4'))
    ? join(work, 'bench-180s-1280x720-gop2.mp4')
    : await makeLongRecording(work, {
        durationS: 180,
        width: 1280,
        height: 720,
        fps: 25,
        gopS: 2,
        preset: 'veryfast',
        fileName: 'bench-180s-1280x720-gop2.mp4',
      });
  const out: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = join(dir, `candidate-${String(i).padStart(2, '0')}.mp4`);
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

/** Case 2: importing 20 recordings (probe, hash, thumbnail; referenced in place) vs ffprobe + sha256sum on the same files. */
export async function importCase(work: string, runs: number): Promise<CaseResult> {
  const files = await recordings(work);
  const bin = testMediaBinaries();
  const baseline = () => {
    for (const f of files) {
      execFileSync(bin.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', f], {
        maxBuffer: 16 * 1024 * 1024,
      });
      execFileSync('sha256sum', [f]);
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
      if (r.imported.length !== FILES)
        throw new Error(
          `imported ${r.imported.length} of ${FILES}: ${JSON.stringify({ ...r, imported: r.imported.length })}`,
        );
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const [base, cand] = await measurePair(
    ['ffprobe + sha256sum (20 files)', baseline],
    ['import 20 recordings (probe, hash, poster)', importAll],
    runs,
  );
  const ratio = cand.median / base.median;
  return withRatios({
    id: 'import',
    title: `Import of ${FILES} recordings of 180 s 1280x720 H.264, referenced in place`,
    series: [base, cand],
    baseline: base.name,
    target: { description: `within 1.5x of ffprobe + sha256sum (${ratio.toFixed(2)}x)`, met: ratio <= 1.5 },
  });
}
