// Seeds an e2e test's data folder with one review scenario. Run in its own Node process (through
// tsx) because Playwright's loader cannot import the rubric JSON files the services read.
import { seedScenario } from '../support/review-seed';
import type { ReviewScenario } from '../support/review-constants';

const [dataDir, scenario] = process.argv.slice(2);
if (!dataDir || !scenario) throw new Error('usage: seed-review.ts DATA_DIR SCENARIO');
process.stdout.write(JSON.stringify(seedScenario(dataDir, scenario as ReviewScenario)));
