// Seeds a test database with recordings a scoring test can send: one real (tiny) video made with
// ffmpeg, referenced by N recordings of one station on the built-in BMV rubric, each with a
// candidate code. Run in its own Node process through tsx (Playwright's loader cannot import the
// rubric JSON files the services bundle). Prints {"recordingIds":[...],"session":"..."}.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openServiceContext } from '../../services/backend/open';
import { silentLogger } from '../../services/core/log';
import { makeTestRecording } from '../support/test-media';
import { insertTestRecordings } from '../support/scoring-fixtures';

const [dbPath, count] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seed-scoring.ts DB_PATH [COUNT]');
const videos = join(dirname(dbPath), 'videos');
mkdirSync(videos, { recursive: true });
const video = await makeTestRecording(videos, 'mp4-no-audio', { durationS: 4 });
const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
try {
  const { recordingIds, sessionId } = insertTestRecordings(ctx.db, {
    count: Number(count ?? 2),
    storedPath: video,
    durationS: 4,
    width: 320,
    height: 180,
  });
  const now = new Date().toISOString();
  // The player serves an original only at the size recorded at import.
  for (const id of recordingIds)
    ctx.db.prepare('UPDATE recordings SET size_bytes = ? WHERE id = ?').run(statSync(video).size, id);
  recordingIds.forEach((id, i) => {
    const code = `C${String(i + 1).padStart(3, '0')}`;
    const candidate = Number(
      ctx.db.prepare('INSERT INTO candidates (code, created_at) VALUES (?, ?)').run(code, now).lastInsertRowid,
    );
    ctx.db.prepare('UPDATE recordings SET candidate_id = ? WHERE id = ?').run(candidate, id);
  });
  // Readable names for the screenshots; the fixture's own names are made unique per process.
  const session = 'Year 3 OSCE';
  ctx.db.prepare('UPDATE exam_sessions SET name = ? WHERE id = ?').run(session, sessionId);
  ctx.db.prepare('UPDATE stations SET code = ? WHERE session_id = ?').run('BMV', sessionId);
  process.stdout.write(JSON.stringify({ recordingIds, session }));
} finally {
  close();
}
