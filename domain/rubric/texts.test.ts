import { describe, expect, it } from 'vitest';
import { builtinRubric, builtinRubrics } from './builtin';
import { rubricContentHash } from './hash';
import { isSpoken } from './spoken';
import { hasRubricText, localizedListWords, localizedRubric, rubricLanguages } from './texts';
import type { Rubric } from './types';
import { validateRubric } from './validate';

/** Simplified Chinese characters (CJK Unified Ideographs). */
const HAN = /[\u4e00-\u9fff]/;

/** Everything that scores: what must not differ between the two texts of one rubric. */
const scoring = (r: Rubric) => ({
  id: r.id,
  version: r.version,
  steps: r.steps.map((s) => ({
    id: s.id,
    max_points: s.max_points,
    allowed_scores: s.allowed_scores,
    critical: s.critical,
    category_map: s.category_map,
    deduction_points: s.typical_deductions.map((d) => d.points),
    spoken: isSpoken(s),
  })),
});

describe.each(builtinRubrics().map((r) => [r.id, r] as const))('built-in rubric %s in two languages', (_id, rubric) => {
  const en = localizedRubric(rubric, 'en');
  const zh = localizedRubric(rubric, 'zh-CN');

  it('has the same steps, ids, points, allowed scores, critical steps and spoken steps in English and Chinese', () => {
    expect(rubric.translations?.['zh-CN']).toBeDefined();
    expect(scoring(zh)).toEqual(scoring(en));
    expect(scoring(en)).toEqual(scoring(rubric));
  });

  it('has every Chinese text: title, station, description, and each step’s title, criteria and deductions', () => {
    for (const text of [zh.title, zh.station, zh.description]) expect(text).toMatch(HAN);
    zh.steps.forEach((step, i) => {
      const english = en.steps[i]!;
      expect(step.title, step.id).toMatch(HAN);
      expect(step.criteria, step.id).toMatch(HAN);
      expect(step.title, step.id).not.toBe(english.title);
      expect(step.criteria, step.id).not.toBe(english.criteria);
      step.typical_deductions.forEach((d, k) => {
        expect(d.reason, `${step.id} deduction ${k + 1}`).toMatch(HAN);
        expect(d.reason).not.toBe(english.typical_deductions[k]!.reason);
      });
      if (isSpoken(english)) expect(step.listen_for, step.id).toMatch(HAN);
      else expect(step.listen_for, step.id).toBeUndefined();
    });
  });

  it('keeps the English text as the main text and offers both languages', () => {
    expect(en.title).toBe(rubric.title);
    expect(en.steps.map((s) => s.criteria)).toEqual(rubric.steps.map((s) => s.criteria));
    expect(en).not.toHaveProperty('translations');
    expect(rubricLanguages(rubric)).toEqual(['en', 'zh-CN']);
  });
});

describe('the Chinese text and the rubric version', () => {
  it('leaves the content hash of each built-in exactly as version 1 shipped without it', () => {
    // Hashes of the shipped files before the Chinese text was added: stored marks, bundles and
    // agreement keep pointing at the same rubric.
    const before: Record<string, string> = {
      cpr: 'd87ac3aff8ac69618b35f3e881093423f8dd4d41b065a2da501b37dd6fd3235f',
      aed: '6b75dbd7e6f688737fc54cdd051129cf199520253e936973500ea6960b61e036',
      bmv: '1520ccc2361f4b3c07a03e85cc12a8806a2becfc414c9a6eb27d20f6f18dae67',
    };
    for (const rubric of builtinRubrics()) expect(rubricContentHash(rubric), rubric.id).toBe(before[rubric.id]);
  });

  it('gives the same hash with, without, or with other Chinese words', () => {
    const cpr = builtinRubric('cpr')!;
    const { translations, ...plain } = cpr;
    const reworded = structuredClone(cpr);
    reworded.translations!['zh-CN']!.steps['cpr.compression_depth']!.criteria = '按压深度至少 5 cm，不超过 6 cm。';
    expect(translations).toBeDefined();
    expect(rubricContentHash(plain)).toBe(rubricContentHash(cpr));
    expect(rubricContentHash(reworded)).toBe(rubricContentHash(cpr));
  });
});

describe('a rubric without a Chinese text', () => {
  it('is shown in English in every language', () => {
    const { translations: _zh, ...plain } = builtinRubric('bmv')!;
    expect(hasRubricText(plain, 'zh-CN')).toBe(false);
    expect(localizedRubric(plain, 'zh-CN')).toEqual(localizedRubric(plain, 'en'));
    expect(rubricLanguages(plain)).toEqual(['en']);
  });
});

describe('validating a second language', () => {
  const problemsOf = (edit: (r: Rubric & { translations: NonNullable<Rubric['translations']> }) => void) => {
    const r = structuredClone(builtinRubric('cpr')!) as Rubric & { translations: NonNullable<Rubric['translations']> };
    edit(r);
    const checked = validateRubric(r);
    return checked.ok ? [] : checked.problems;
  };

  it('accepts each built-in with its Chinese text', () => {
    for (const rubric of builtinRubrics()) expect(validateRubric(rubric).ok).toBe(true);
  });

  it('refuses a text that misses a step, naming the step', () => {
    const problems = problemsOf((r) => delete r.translations['zh-CN']!.steps['cpr.ratio']);
    expect(problems).toEqual([
      {
        path: "$.translations['zh-CN'].steps",
        message: "the Chinese (zh-CN) text has no words for step 16 ('cpr.ratio'); give every step its text",
      },
    ]);
  });

  it('refuses words for a step the rubric does not have, a missing deduction reason and a blank title', () => {
    const problems = problemsOf((r) => {
      const steps = r.translations['zh-CN']!.steps;
      steps['cpr.depth'] = { title: '深度', criteria: '按压深度', typical_deductions: [] };
      steps['cpr.posture']!.typical_deductions.pop();
      steps['cpr.hand_position']!.title = '  ';
    });
    expect(problems.map((p) => p.path)).toEqual([
      "$.translations['zh-CN'].steps['cpr.hand_position'].title",
      "$.translations['zh-CN'].steps['cpr.posture'].typical_deductions",
      "$.translations['zh-CN'].steps['cpr.depth']",
    ]);
    expect(problems[1]!.message).toBe(
      "the Chinese (zh-CN) text of step 8 ('cpr.posture') gives 2 deduction reasons, but the step has 3 typical deductions",
    );
  });

  it('refuses a listen_for that would make a step spoken in one language only', () => {
    const problems = problemsOf((r) => {
      r.translations['zh-CN']!.steps['cpr.posture']!.listen_for = '考生口述';
      delete r.translations['zh-CN']!.steps['cpr.scene_safety']!.listen_for;
    });
    expect(problems.map((p) => p.path)).toEqual([
      "$.translations['zh-CN'].steps['cpr.scene_safety']",
      "$.translations['zh-CN'].steps['cpr.posture'].listen_for",
    ]);
  });

  it('refuses a language the app has no text for', () => {
    const problems = problemsOf((r) => {
      (r.translations as Record<string, unknown>).fr = r.translations['zh-CN'];
    });
    expect(problems).toEqual([
      { path: '$.translations.fr', message: "unknown field 'translations.fr' (check the spelling)" },
    ]);
  });
});

describe('a rubric list row', () => {
  it('is titled in the page language where the rubric has that text, else in English', () => {
    const row = {
      title: 'Bag-mask ventilation',
      station: 'BMV',
      texts: { 'zh-CN': { title: '球囊面罩通气', station: '通气' } },
    };
    expect(localizedListWords(row, 'zh-CN')).toEqual({ title: '球囊面罩通气', station: '通气' });
    expect(localizedListWords(row, 'en')).toEqual({ title: 'Bag-mask ventilation', station: 'BMV' });
    expect(localizedListWords({ ...row, texts: {} }, 'zh-CN')).toEqual({
      title: 'Bag-mask ventilation',
      station: 'BMV',
    });
  });
});
