import { describe, expect, it } from 'vitest';
import { builtinRubric } from './builtin';
import { BUILTIN_LISTEN_FOR, isSpoken, listenFor } from './spoken';

describe('spoken rubric steps', () => {
  it('marks 9 CPR steps, 3 AED steps and no BMV step as spoken, each a step the rubric has', () => {
    const spoken = (id: string) =>
      builtinRubric(id)!
        .steps.filter(isSpoken)
        .map((s) => s.id);
    expect(spoken('cpr')).toHaveLength(9);
    expect(spoken('aed')).toEqual(['aed.connect_prompts', 'aed.clear_for_analysis', 'aed.clear_for_shock']);
    expect(spoken('bmv')).toEqual([]);
    const all = ['cpr', 'aed', 'bmv'].flatMap((id) => builtinRubric(id)!.steps.map((s) => s.id));
    expect(Object.keys(BUILTIN_LISTEN_FOR).filter((id) => !all.includes(id))).toEqual([]);
  });

  it("takes a lab rubric's own listen_for before the built-in table", () => {
    expect(listenFor({ id: 'lab.handover', listen_for: 'a structured SBAR handover' })).toBe(
      'a structured SBAR handover',
    );
    expect(listenFor({ id: 'lab.handover' })).toBeNull();
    expect(listenFor({ id: 'cpr.ratio' })).toMatch(/counted aloud/);
  });
});
