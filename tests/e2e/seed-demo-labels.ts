// Seeds a test database with the demo label dataset. Run in its own Node process (through tsx)
// because Playwright's loader cannot import the rubric JSON files the services bundle.
import { openServiceContext } from '../../services/backend/open';
import { generateDemoLabels } from '../../services/demo/labels';
import { silentLogger } from '../../services/core/log';

const [dbPath, seed, candidates, videoPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seed-demo-labels.ts DB_PATH [SEED] [CANDIDATES] [VIDEO]');
const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
try {
  const summary = generateDemoLabels(ctx.db, {
    seed: Number(seed ?? 7),
    candidates: Number(candidates ?? 24),
    ...(videoPath ? { videoPath } : {}),
  });
  process.stdout.write(JSON.stringify(summary));
} finally {
  close();
}
