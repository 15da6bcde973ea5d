// Seeds a recordings-screen test: 12 recordings of one session, 9 at a BMV station and 3 at a CPR
// station, each with a candidate code C001…C012, all pointing at one tiny real video. Run in its
// own Node process through tsx (Playwright's loader cannot import the rubric JSON files).
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openServiceContext } from '../../services/backend/open';
import { silentLogger } from '../../services/core/log';
import { makeTestRecording } from '../support/test-media';
import { insertTestRecordings } from '../support/scoring-fixtures';

const [dbPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seed-recordings.ts DB_PATH');
const videos = join(dirname(dbPath), 'videos');
mkdirSync(videos, { recursive: true });
const video = await makeTestRecording(videos, 'mp4-no-audio', { durationS: 2 });
const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
try {
  const media = { storedPath: video, durationS: 2, width: 320, height: 180 };
  const bmv = insertTestRecordings(ctx.db, { count: 9, ...media });
  const cpr = insertTestRecordings(ctx.db, { count: 3, rubricId: 'cpr', ...media });
  const now = new Date().toISOString();
  const ids = [...bmv.recordingIds, ...cpr.recordingIds];
  ids.forEach((id, i) => {
    const code = `C${String(i + 1).padStart(3, '0')}`;
    const candidate = Number(
      ctx.db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?)').run(code, now).lastInsertRowid,
    );
    ctx.db
      .prepare('UPDATE recordings SET candidate_id = ?, size_bytes = ?, session_id = ?, original_path = ? WHERE id = ?')
      .run(candidate, statSync(video).size, bmv.sessionId, video, id);
  });
  ctx.db.prepare('UPDATE stations SET session_id = ? WHERE id = ?').run(bmv.sessionId, cpr.stationId);
  ctx.db.prepare('DELETE FROM exam_sessions WHERE id = ?').run(cpr.sessionId);
  ctx.db.prepare('UPDATE exam_sessions SET name = ? WHERE id = ?').run('Year 3 OSCE', bmv.sessionId);
  ctx.db.prepare('UPDATE stations SET code = ? WHERE id = ?').run('BMV', bmv.stationId);
  ctx.db.prepare('UPDATE stations SET code = ? WHERE id = ?').run('CPR', cpr.stationId);
  process.stdout.write(JSON.stringify({ ids }));
} finally {
  close();
}
