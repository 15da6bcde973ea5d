// Seeds two workstations' databases for the bundle spec: the same recording, examined by the same
// examiner, marked alike except for the first step (so one step score differs). Runs under tsx.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtin, examiner, markAll } from '../support/review-fixtures';
import { seedPlayableRecordings, withDb } from '../support/review-seed';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: seed-bundle.ts DATA_DIR_A DATA_DIR_B');
const bmv = builtin('bmv');
const { id, ann } = withDb(dirA, (db) => {
  const [rec] = seedPlayableRecordings(db, dirA, { rubricId: 'bmv', sessionName: 'Spring OSCE', candidates: ['B-1'] });
  return { id: rec!, ann: examiner(db, 'Dr Ann Adams') };
});
mkdirSync(dirB, { recursive: true });
copyFileSync(join(dirA, 'osce.sqlite'), join(dirB, 'osce.sqlite'));
withDb(dirA, (db) => markAll(db, id, ann, bmv, (s) => s.max_points));
withDb(dirB, (db) => markAll(db, id, ann, bmv, (s, i) => (i === 0 ? s.allowed_scores[0]! : s.max_points)));
process.stdout.write(JSON.stringify({ recordingId: id, ann, firstStep: bmv.steps[0]!.id }));
