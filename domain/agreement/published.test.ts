import { describe, expect, it } from 'vitest';
import { publishedTaskFigures, TABLE_4_FULL_VIDEO, TABLE_5_CLIPS, TABLE_6_FRAMES } from './published';

const pick = (task: string, mode: string) => publishedTaskFigures().find((t) => t.task === task && t.mode === mode)!;
const brief = (figures: { figure: string; value: number; who: string; table: string }[]) =>
  figures.map((f) => [f.figure, f.value, f.who, f.table]);

describe('the published SiMing-Bench context', () => {
  it('names the model behind each best figure, with that model’s other figures, never mixing models', () => {
    const full = pick('score', 'full');
    expect(brief(full.best)).toEqual([
      ['qwk', 0.048, 'GPT-5.2', 'Table 4'],
      ['plcc', 0.158, 'GPT-4o', 'Table 4'],
      ['srcc', 0.169, 'GPT-4o', 'Table 4'],
    ]);
    // The PLCC leader's own step κ is 0.000; 0.048 belongs to another model.
    expect(brief(full.best[1]!.sameModel)).toEqual([
      ['qwk', 0, 'GPT-4o', 'Table 4'],
      ['srcc', 0.169, 'GPT-4o', 'Table 4'],
    ]);
    expect(brief(full.physicians)).toEqual([
      ['qwk', 0.732, 'Physicians (two annotators, before adjudication)', 'Table 3'],
      ['plcc', 0.871, 'Physicians (two annotators, before adjudication)', 'Table 3'],
    ]);
  });

  it('gives the clip references and the binary precision, recall and F1 of the best MCC', () => {
    expect(brief(pick('score', 'clips').best.slice(0, 2))).toEqual([
      ['qwk', 0.075, 'Qwen3-Omni 30B', 'Table 5'],
      ['plcc', 0.331, 'Gemini-3 Pro', 'Table 5'],
    ]);
    const binary = pick('binary', 'full');
    expect(brief(binary.best)).toEqual([['mcc', 0.132, 'GPT-5.2', 'Table 4']]);
    expect(brief(binary.best[0]!.sameModel)).toEqual([
      ['precision', 0.212, 'GPT-5.2', 'Table 4'],
      ['recall', 0.909, 'GPT-5.2', 'Table 4'],
      ['f1', 0.344, 'GPT-5.2', 'Table 4'],
    ]);
    const clipsBinary = pick('binary', 'clips');
    expect(clipsBinary.best).toEqual([]);
    expect(clipsBinary.note).toMatch(/Figure 3/);
  });

  it('holds every model of Tables 4 and 5 and the frame counts of Table 6', () => {
    expect(TABLE_4_FULL_VIDEO).toHaveLength(12);
    expect(TABLE_5_CLIPS.map((r) => r.model)).toEqual(TABLE_4_FULL_VIDEO.map((r) => r.model));
    // The most frames any model was given, the app's limit per request.
    expect(Math.max(...TABLE_6_FRAMES.map((r) => r.frames))).toBe(240);
  });
});
