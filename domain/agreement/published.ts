/**
 * The published SiMing-Bench figures (Huang et al., "SiMing-Bench: Evaluating Procedural
 * Correctness from Continuous Interactions in Clinical Skill Videos"), copied exactly from the
 * paper's tables, in one place. Everything the app says about published results is derived from
 * this table: the best figure per task and mode always comes with the model that reached it and
 * the table it is printed in, so figures of different models are never combined into one.
 */

export type PublishedTask = 'score' | 'binary';
export type PublishedMode = 'full' | 'clips';
export type PublishedFigureName = 'plcc' | 'srcc' | 'qwk' | 'mcc' | 'precision' | 'recall' | 'f1';

/** Table 3: agreement of the two physician annotators before adjudication. */
export const PHYSICIANS = { table: 'Table 3', plcc: 0.871, qwk: 0.732 } as const;

/**
 * Table 4: full videos. PLCC, SRCC and quadratic κ of the step-score task; MCC, precision, recall
 * and F1 of the correct/error (binary) task, error = positive. Values as printed (Qwen3-VL's MCC is
 * printed with four decimals).
 */
// One printed row per line, so each can be checked against the paper.
// prettier-ignore
export const TABLE_4_FULL_VIDEO = [
  { model: 'LLaVA-Video 7B', plcc: 0.104, srcc: -0.095, qwk: 0.033, mcc: -0.033, precision: 0.157, recall: 0.135, f1: 0.145 },
  { model: 'LLaVA-Video 72B', plcc: -0.047, srcc: -0.015, qwk: 0.044, mcc: 0.039, precision: 0.207, recall: 0.369, f1: 0.266 },
  { model: 'LLaVA-OneVision 7B', plcc: 0.038, srcc: 0.123, qwk: 0.038, mcc: 0.029, precision: 0.145, recall: 0.059, f1: 0.084 },
  { model: 'Qwen3-VL 30B', plcc: 0.037, srcc: 0.099, qwk: -0.010, mcc: 0.0434, precision: 0.174, recall: 0.659, f1: 0.276 },
  { model: 'Qwen3-Omni 30B', plcc: -0.002, srcc: 0.011, qwk: 0.000, mcc: 0.000, precision: 0.183, recall: 1.000, f1: 0.310 },
  { model: 'GPT-4o', plcc: 0.158, srcc: 0.169, qwk: 0.000, mcc: -0.023, precision: 0.156, recall: 0.070, f1: 0.097 },
  { model: 'UniMed-VL 14B', plcc: -0.035, srcc: -0.053, qwk: -0.006, mcc: 0.053, precision: 0.257, recall: 0.107, f1: 0.152 },
  { model: 'MedGemma 27B', plcc: -0.059, srcc: -0.074, qwk: 0.007, mcc: 0.028, precision: 0.201, recall: 0.393, f1: 0.266 },
  { model: 'MediX-R1 30B', plcc: -0.046, srcc: -0.058, qwk: -0.048, mcc: -0.039, precision: 0.176, recall: 0.461, f1: 0.254 },
  { model: 'Doubao-1.6-Vision 230B', plcc: -0.055, srcc: -0.034, qwk: 0.037, mcc: -0.031, precision: 0.150, recall: 0.081, f1: 0.105 },
  { model: 'Gemini-3 Pro', plcc: 0.022, srcc: -0.116, qwk: 0.018, mcc: -0.020, precision: 0.157, recall: 0.106, f1: 0.126 },
  { model: 'GPT-5.2', plcc: -0.053, srcc: 0.016, qwk: 0.048, mcc: 0.132, precision: 0.212, recall: 0.909, f1: 0.344 },
] as const;

/**
 * Table 5: step-aligned clips, step-score task (the paper gives the correct/error task on clips
 * only as a chart, Figure 3, so it has no printed figures to cite).
 */
// prettier-ignore
export const TABLE_5_CLIPS = [
  { model: 'LLaVA-Video 7B', plcc: -0.150, srcc: -0.170, qwk: 0.009 },
  { model: 'LLaVA-Video 72B', plcc: 0.057, srcc: 0.098, qwk: -0.003 },
  { model: 'LLaVA-OneVision 7B', plcc: 0.000, srcc: 0.000, qwk: 0.000 },
  { model: 'Qwen3-VL 30B', plcc: 0.135, srcc: 0.125, qwk: 0.000 },
  { model: 'Qwen3-Omni 30B', plcc: 0.092, srcc: 0.110, qwk: 0.075 },
  { model: 'GPT-4o', plcc: -0.018, srcc: 0.004, qwk: 0.019 },
  { model: 'UniMed-VL 14B', plcc: 0.084, srcc: 0.061, qwk: 0.016 },
  { model: 'MedGemma 27B', plcc: 0.030, srcc: 0.079, qwk: 0.002 },
  { model: 'MediX-R1 30B', plcc: 0.108, srcc: 0.121, qwk: 0.010 },
  { model: 'Doubao-1.6-Vision 230B', plcc: 0.055, srcc: 0.032, qwk: 0.006 },
  { model: 'Gemini-3 Pro', plcc: 0.331, srcc: 0.296, qwk: 0.015 },
  { model: 'GPT-5.2', plcc: 0.147, srcc: 0.157, qwk: 0.011 },
] as const;

/** Table 6: frames each model was given (the most the model allows). */
export const TABLE_6_FRAMES = [
  { model: 'LLaVA-Video', frames: 64 },
  { model: 'LLaVA-OneVision', frames: 64 },
  { model: 'Qwen3-VL', frames: 64 },
  { model: 'Qwen3-Omni', frames: 60 },
  { model: 'GPT-4o', frames: 50 },
  { model: 'UniMed-VL', frames: 30 },
  { model: 'MedGemma', frames: 30 },
  { model: 'MediX-R1', frames: 30 },
  { model: 'Doubao-1.6-Vision', frames: 240 },
  { model: 'Gemini-3 Pro', frames: 120 },
  { model: 'GPT-5.2', frames: 50 },
] as const;

export const PAPER_SOURCE =
  'SiMing-Bench (Huang et al.): 200 examination videos (CPR, AED, bag-mask ventilation), 12 models zero-shot';

/** One published figure: its value, who reached it and where it is printed. */
export interface PublishedFigure {
  figure: PublishedFigureName;
  value: number;
  /** The model that reached it, or "Physicians (two annotators, before adjudication)". */
  who: string;
  table: string;
}

/** A best figure with the same model's other figures for the task, so no figure is read out of its set. */
export interface PublishedBest extends PublishedFigure {
  sameModel: PublishedFigure[];
}

/** What the paper published for one of its four tasks. */
export interface PublishedTaskFigures {
  task: PublishedTask;
  mode: PublishedMode;
  /** The best model figure of each kind, each with its own model (they need not be the same model). */
  best: PublishedBest[];
  /** Physicians' agreement, where the paper gives the same figure. */
  physicians: PublishedFigure[];
  /** Why figures are missing, when the paper gives none for this task. */
  note: string | null;
}

type Row = { model: string } & Partial<Record<PublishedFigureName, number>>;

function bestOf(
  rows: readonly Row[],
  figure: PublishedFigureName,
  others: readonly PublishedFigureName[],
  table: string,
): PublishedBest {
  let best = rows[0]!;
  for (const r of rows) if ((r[figure] ?? -Infinity) > (best[figure] ?? -Infinity)) best = r;
  return {
    figure,
    value: best[figure]!,
    who: best.model,
    table,
    sameModel: others
      .filter((o) => o !== figure && best[o] !== undefined)
      .map((o) => ({ figure: o, value: best[o]!, who: best.model, table })),
  };
}

const physician = (figure: 'plcc' | 'qwk'): PublishedFigure => ({
  figure,
  value: PHYSICIANS[figure],
  who: 'Physicians (two annotators, before adjudication)',
  table: PHYSICIANS.table,
});

const SCORE_FIGURES: PublishedFigureName[] = ['qwk', 'plcc', 'srcc'];
const BINARY_FIGURES: PublishedFigureName[] = ['mcc', 'precision', 'recall', 'f1'];

/**
 * The published context of each of the paper's four tasks, derived from the tables above. For
 * correct/error only the best MCC is picked: the best precision or recall alone would reward a
 * model that calls every step alike (Qwen3-Omni's recall 1.000 comes with MCC 0.000).
 */
export function publishedTaskFigures(): PublishedTaskFigures[] {
  return [
    {
      task: 'score',
      mode: 'full',
      best: SCORE_FIGURES.map((f) => bestOf(TABLE_4_FULL_VIDEO, f, SCORE_FIGURES, 'Table 4')),
      physicians: [physician('qwk'), physician('plcc')],
      note: null,
    },
    {
      task: 'binary',
      mode: 'full',
      best: [bestOf(TABLE_4_FULL_VIDEO, 'mcc', BINARY_FIGURES, 'Table 4')],
      physicians: [],
      note: 'The paper gives no physician figure for correct/error judgments.',
    },
    {
      task: 'score',
      mode: 'clips',
      best: SCORE_FIGURES.map((f) => bestOf(TABLE_5_CLIPS, f, SCORE_FIGURES, 'Table 5')),
      physicians: [physician('qwk'), physician('plcc')],
      note: null,
    },
    {
      task: 'binary',
      mode: 'clips',
      best: [],
      physicians: [],
      note: 'The paper shows correct/error judgments on clips only as a chart (Figure 3), with no printed figures.',
    },
  ];
}
