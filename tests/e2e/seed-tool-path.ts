// Seeds a database whose settings name an ffprobe, as an earlier version stored a path typed in
// Settings (or as anyone with the file could): the app must move it out and not run it. Run in its
// own Node process through tsx, like seed-scoring.ts.
import { openServiceContext } from '../../services/backend/open';
import { silentLogger } from '../../services/core/log';

const [dbPath, path] = process.argv.slice(2);
if (!dbPath || !path) throw new Error('usage: seed-tool-path.ts DB_PATH FFPROBE_PATH');
const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
try {
  ctx.db
    .prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('ffprobePath', ?, 'x')`)
    .run(JSON.stringify(path));
} finally {
  close();
}
