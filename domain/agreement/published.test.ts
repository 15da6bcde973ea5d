import { describe, expect, it } from 'vitest';
import { publishedTaskFigures } from './published';

const pick = (task: string, mode: string) => publishedTaskFigures().find((t) => t.task === task && t.mode === mode)!;

describe('the published SiMing-Bench context', () => {
  it('names the model behind each best figure instead of combining figures of different models', () => {
    const full = pick('score', 'full');
    expect(full.best).toEqual([
      { figure: 'qwk', value: 0.048, who: 'GPT-5.2', table: 'Table 4' },
      { figure: 'plcc', value: 0.158, who: 'GPT-4o', table: 'Table 4' },
      { figure: 'srcc', value: 0.169, who: 'GPT-4o', table: 'Table 4' },
    ]);
    // The PLCC leader's own step κ is 0.000: its figures come as one model's set.
    expect(full.leaderFigures.map((f) => [f.figure, f.value, f.who])).toEqual([
      ['qwk', 0.048, 'GPT-5.2'],
      ['plcc', -0.053, 'GPT-5.2'],
      ['srcc', 0.016, 'GPT-5.2'],
    ]);
    expect(full.physicians.map((f) => [f.figure, f.value, f.table])).toEqual([
      ['qwk', 0.732, 'Table 3'],
      ['plcc', 0.871, 'Table 3'],
    ]);
  });

  it('gives the clip references and the binary precision, recall and F1', () => {
    expect(pick('score', 'clips').best.slice(0, 2)).toEqual([
      { figure: 'qwk', value: 0.075, who: 'Qwen3-Omni 30B', table: 'Table 5' },
      { figure: 'plcc', value: 0.331, who: 'Gemini-3 Pro', table: 'Table 5' },
    ]);
    expect(pick('binary', 'full').leaderFigures.map((f) => [f.figure, f.value, f.who])).toEqual([
      ['mcc', 0.132, 'GPT-5.2'],
      ['precision', 0.212, 'GPT-5.2'],
      ['recall', 0.909, 'GPT-5.2'],
      ['f1', 0.344, 'GPT-5.2'],
    ]);
    const clipsBinary = pick('binary', 'clips');
    expect(clipsBinary.best).toEqual([]);
    expect(clipsBinary.note).toMatch(/Figure 3/);
  });
});
