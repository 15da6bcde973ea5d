/**
 * The checks a bundle's records get against rubrics and each other before anything is merged:
 * the same rules the app applies when an examiner types a mark (known steps, allowed scores, a
 * span inside the recording), plus re-hashed rubric bodies and references that resolve.
 */
import type { Db } from '../../db/connection';
import { rubricRow } from '../../db/queries/rubrics';
import type { Rubric } from '../../domain/rubric/types';
import { BundleRefusedError } from './format';
import { key as makeKey } from './keys';
import type { BundleContents } from './read';
import { rubricOfRecord, scoreProblemFor } from './validate';

type Row = Record<string, unknown>;

export function checkBundleSemantics(db: Db, file: string, b: BundleContents): void {
  const refuse = (why: string) => {
    throw new BundleRefusedError(file, why);
  };
  const rubrics = new Map<string, Rubric>();
  for (const { value: r } of b.entries.get('rubric')!) {
    const parsed = rubricOfRecord(r);
    if ('problem' in parsed) refuse(`rubric ${String(r.id)} v${String(r.version)}: ${parsed.problem}`);
    else rubrics.set(makeKey(r.id, r.version), parsed.rubric);
    const local = rubricRow(db, String(r.id), Number(r.version));
    if (local && local.content_hash !== r.content_hash)
      refuse(`rubric ${String(r.id)} version ${String(r.version)} in the bundle differs from this workstation's`);
  }
  const rubric = (id: unknown, version: unknown, what: string): Rubric => {
    const k = makeKey(id, version);
    let found = rubrics.get(k);
    if (!found) {
      const local = rubricRow(db, String(id), Number(version));
      if (local) rubrics.set(k, (found = JSON.parse(local.body) as Rubric));
    }
    if (!found)
      refuse(
        `${what} uses rubric ${String(id)} version ${String(version)}, which is unknown here and not in the bundle`,
      );
    return found!;
  };

  const session = b.manifest.session;
  if (!b.entries.get('session')!.some((s) => s.value.name === session))
    refuse('its manifest names a session it does not contain');
  const stations = new Map<string, Row>();
  for (const { value: s } of b.entries.get('station')!) {
    if (s.session !== session) refuse(`station ${String(s.code)} belongs to another session than the bundle's`);
    rubric(s.rubric_id, s.rubric_version, `station ${String(s.code)}`);
    stations.set(String(s.code), s);
  }
  const raters = new Map<string, string>(b.entries.get('rater')!.map((r) => [r.key, String(r.value.kind)]));
  for (const r of b.entries.get('rater')!) {
    if (r.key !== JSON.stringify([r.value.kind, r.value.name, r.value.config_key]))
      refuse(`rater '${String(r.value.name).slice(0, 60)}' is filed under another rater's key`);
  }
  const raterKind = (k: unknown, what: string): string => {
    const kind = raters.get(String(k));
    if (!kind) refuse(`${what} names a rater that is not in the bundle`);
    return kind!;
  };
  const recordings = new Map<string, { rubric: Rubric; duration: number }>();
  for (const { key, value: r } of b.entries.get('recording')!) {
    if (key !== r.sha256) refuse(`recording ${String(r.sha256).slice(0, 12)}… is filed under another key`);
    if (r.session !== session)
      refuse(`recording ${String(r.sha256).slice(0, 12)}… belongs to another session than the bundle's`);
    const st = stations.get(String(r.station));
    if (!st)
      refuse(
        `recording ${String(r.sha256).slice(0, 12)}… is at station ${String(r.station).slice(0, 40)}, which is not in the bundle`,
      );
    if (r.candidate !== null && !b.entries.get('candidate')!.some((c) => c.value.code === r.candidate))
      refuse(`recording ${String(r.sha256).slice(0, 12)}… names a candidate that is not in the bundle`);
    recordings.set(String(r.sha256), {
      rubric: rubric(st!.rubric_id, st!.rubric_version, 'a station'),
      duration: Number(r.duration_s),
    });
  }
  const recording = (sha: unknown, what: string) => {
    const r = recordings.get(String(sha));
    if (!r) refuse(`${what} is about a recording that is not in the bundle`);
    return r!;
  };
  const sameRubric = (rec: { rubric: Rubric }, v: Row, what: string) => {
    if (rec.rubric.id !== v.rubric_id || rec.rubric.version !== v.rubric_version)
      refuse(`${what} uses rubric ${String(v.rubric_id)} v${String(v.rubric_version)}, not its station's`);
  };
  for (const { value: e } of b.entries.get('recording_examiner')!) {
    recording(e.recording, 'an examiner assignment');
    if (raterKind(e.rater, 'an examiner assignment') !== 'examiner') refuse('an examiner assignment names a model');
  }
  for (const { value: m } of b.entries.get('marking')!) {
    const rec = recording(m.recording, 'a marking');
    sameRubric(rec, m, 'a marking');
    if (raterKind(m.rater, 'a marking') !== 'examiner') refuse('a marking belongs to a model, not an examiner');
  }
  for (const { value: r } of b.entries.get('model_run')!) {
    recording(r.recording, 'a model run');
    rubric(r.rubric_id, r.rubric_version, 'a model run');
    if (raterKind(r.rater, 'a model run') !== 'model') refuse('a model run belongs to an examiner');
  }
  for (const { key, value: s } of b.entries.get('step_score')!) {
    const what = `mark ${key.slice(0, 120)}`;
    const rec = recording(s.recording, what);
    sameRubric(rec, s, what);
    const kind = raterKind(s.rater, what);
    if ((s.source === 'model') !== (kind === 'model'))
      refuse(`${what}: its source '${String(s.source)}' does not fit a rater of kind ${kind}`);
    const problem =
      scoreProblemFor(rec.rubric, String(s.step_id), s.score as number | null, what) ??
      scoreProblemFor(rec.rubric, String(s.step_id), s.blind_score as number | null, `${what} (blind score)`);
    if (problem) refuse(problem);
    if (s.not_assessable === 1 && (s.score !== null || !s.not_assessable_reason))
      refuse(`${what}: not assessable needs a reason and no score`);
  }
  for (const { key, value: s } of b.entries.get('step_span')!) {
    const rec = recording(s.recording, `span ${key}`);
    const problem = scoreProblemFor(rec.rubric, String(s.step_id), null, `span ${key.slice(0, 120)}`);
    if (problem) refuse(problem);
    if (!(Number(s.end_s) > Number(s.start_s)) || Number(s.end_s) > rec.duration + 1)
      refuse(`span ${key.slice(0, 120)} is not inside the recording (${rec.duration} s)`);
    if (s.rater !== null) raterKind(s.rater, `span ${key}`);
  }
  for (const { key, value: a } of b.entries.get('adjudication')!) {
    const what = `adjudication ${key.slice(0, 120)}`;
    const rec = recording(a.recording, what);
    sameRubric(rec, a, what);
    const problem = scoreProblemFor(rec.rubric, String(a.step_id), a.final_score as number, what);
    if (problem) refuse(problem);
    if (a.adjudicator !== null && raterKind(a.adjudicator, what) !== 'examiner') refuse(`${what} was made by a model`);
  }
}
