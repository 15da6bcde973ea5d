// Child process of crash-recovery.test.ts: marks a CPR recording step by step, printing each step
// once its write has committed, so the parent can SIGKILL it mid-marking and check what survived.
import { openDatabase } from '../../db/connection';
import { builtinRubric } from '../../domain/rubric/builtin';
import { setStepMark, submitMarking } from '../../services/review';

const [dbPath, recordingId, examinerId, from, delayMs] = process.argv
  .slice(2)
  .map((v, i) => (i === 0 ? v : Number(v))) as [string, number, number, number, number];
const db = openDatabase(dbPath);
const steps = builtinRubric('cpr')!.steps;
for (let i = from; i < steps.length; i++) {
  const step = steps[i]!;
  setStepMark(db, {
    recordingId,
    examinerId,
    stepId: step.id,
    score: step.allowed_scores[i % step.allowed_scores.length]!,
  });
  process.stdout.write(`saved ${step.id}\n`);
  await new Promise((r) => setTimeout(r, delayMs));
}
submitMarking(db, { recordingId, examinerId });
process.stdout.write('submitted\n');
db.close();
