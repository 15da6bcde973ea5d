/**
 * The paper's four tasks side by side: one model configuration run two ways, compared on exactly
 * the steps both cover (and the final scores score). Full video vs step clips compares the task's
 * own figure (κ for step scores, MCC for correct/error); step scores vs correct/error compares
 * error detection (MCC), the one reading both answer. Each difference (B − A) comes with a paired
 * bootstrap interval over recordings, overall, per station and per step.
 */
import { isScoredBelowMax } from '../../domain/agreement/categories';
import { pairedDifference, type PairedItem, type Judgement } from '../../domain/agreement/paired-bootstrap';
import { scoreCategory } from '../../domain/rubric/ordinal';
import type { ModelConfigInfo, PairedComparison, PairedFigure } from '../../contract/reports';
import type { LabDataset } from './dataset';
import type { AgreementSettings } from './examiners';
import { valuesOf, type StepValues } from './label-rows';

/** Everything but task, mode and prompt (whose template differs by task and mode): the configuration's identity. */
function identity(c: ModelConfigInfo): string {
  return JSON.stringify([
    c.source,
    c.provider,
    c.model,
    c.frames,
    c.resolution,
    c.detail,
    c.audio,
    c.temperature,
    c.seed,
    c.facesMasked,
  ]);
}

/** Pairs of configurations that differ only in mode (same task) or only in task (same mode). */
function pairsOf(configs: readonly ModelConfigInfo[]): Omit<PairedComparison, 'overall' | 'perStation' | 'perStep'>[] {
  const out: Omit<PairedComparison, 'overall' | 'perStation' | 'perStep'>[] = [];
  const known = configs.filter((c) => c.mode !== 'unknown');
  for (const a of known) {
    for (const b of known) {
      if (identity(a) !== identity(b)) continue;
      if (a.task === b.task && a.mode === 'full' && b.mode === 'clips')
        out.push({ kind: 'full-vs-clips', a, b, figure: a.task === 'score' ? 'qwk' : 'mcc' });
      if (a.mode === b.mode && a.task === 'score' && b.task === 'binary')
        out.push({ kind: 'score-vs-binary', a, b, figure: 'mcc' });
    }
  }
  const kinds = ['full-vs-clips', 'score-vs-binary'];
  return out.sort(
    (x, y) =>
      kinds.indexOf(x.kind) - kinds.indexOf(y.kind) ||
      x.a.label.localeCompare(y.a.label) ||
      x.b.label.localeCompare(y.b.label),
  );
}

interface Located extends PairedItem {
  station: string;
  stepId: string;
}

/** The items both configurations scored and the final scores score, as judgements of each. */
function pairedItems(ds: LabDataset, finals: StepValues, a: ModelConfigInfo, b: ModelConfigInfo): Located[] {
  const valuesA = valuesOf(ds, { kind: 'model', configKey: a.key });
  const valuesB = valuesOf(ds, { kind: 'model', configKey: b.key });
  const out: Located[] = [];
  for (const recording of ds.recordings) {
    const f = finals.get(recording.id);
    const va = valuesA.get(recording.id);
    const vb = valuesB.get(recording.id);
    if (!f || !va || !vb) continue;
    const rubric = ds.rubrics.get(recording.rubricId, recording.rubricVersion);
    for (const step of rubric.steps) {
      const [ref, x, y] = [f.get(step.id), va.get(step.id), vb.get(step.id)];
      if (ref == null || x == null || y == null) continue;
      let judged: [Judgement, Judgement, Judgement];
      try {
        judged = [ref, x, y].map((score) => ({
          category: scoreCategory(step, score),
          error: isScoredBelowMax(step.max_points, score),
        })) as [Judgement, Judgement, Judgement];
      } catch {
        continue; // a score the rubric does not allow is already named in the report's problems
      }
      out.push({
        recording: String(recording.id),
        station: recording.rubricId,
        stepId: step.id,
        reference: judged[0],
        a: judged[1],
        b: judged[2],
      });
    }
  }
  return out;
}

function figureOf(items: readonly Located[], figure: 'qwk' | 'mcc', settings: AgreementSettings): PairedFigure {
  const r = pairedDifference(items, figure, { resamples: settings.bootstrap, seed: settings.seed });
  return {
    recordings: r.nRecordings,
    steps: r.nItems,
    a: r.a,
    b: r.b,
    difference: r.difference,
    interval: r.interval,
  };
}

function groupBy<K>(items: readonly Located[], key: (i: Located) => K): Map<K, Located[]> {
  const out = new Map<K, Located[]>();
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

export function pairedComparisons(ds: LabDataset, finals: StepValues, settings: AgreementSettings): PairedComparison[] {
  const titles = new Map<string, string>();
  const stepOrder: string[] = [];
  for (const r of ds.recordings) {
    for (const s of ds.rubrics.get(r.rubricId, r.rubricVersion).steps) {
      if (!titles.has(s.id)) stepOrder.push(s.id);
      titles.set(s.id, s.title);
    }
  }
  const out: PairedComparison[] = [];
  for (const pair of pairsOf(ds.modelConfigs)) {
    const items = pairedItems(ds, finals, pair.a, pair.b);
    if (items.length === 0) continue;
    const byStation = groupBy(items, (i) => i.station);
    const byStep = groupBy(items, (i) => i.stepId);
    out.push({
      ...pair,
      overall: figureOf(items, pair.figure, settings),
      perStation: [...byStation.keys()]
        .sort()
        .map((station) => ({ station, ...figureOf(byStation.get(station)!, pair.figure, settings) })),
      perStep: stepOrder
        .filter((id) => byStep.has(id))
        .map((stepId) => ({
          stepId,
          title: titles.get(stepId) ?? stepId,
          ...figureOf(byStep.get(stepId)!, pair.figure, settings),
        })),
    });
  }
  return out;
}
