/**
 * Rubric versions as reports need them: read once per report from the rubric store (read-only),
 * with each step indexed by id. Every score names the exact rubric version it was given against.
 */
import type { Db } from '../../db/connection';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { localizedRubric } from '../../domain/rubric/texts';
import type { Locale } from '../../domain/i18n/locales';
import { getRubric } from '../rubrics/store';

export interface IndexedRubric extends Rubric {
  stepById: ReadonlyMap<string, RubricStep>;
  totalPoints: number;
}

export interface RubricLookup {
  /** Throws NotFound when the version is not in the store. */
  get(id: string, version: number): IndexedRubric;
}

/** `locale`: the rubrics' words in that language (a report or feedback written in Chinese); ids and points are the same. */
export function createRubricLookup(db: Db, locale?: Locale): RubricLookup {
  const cache = new Map<string, IndexedRubric>();
  return {
    get(id, version) {
      const key = `${id}@${version}`;
      let hit = cache.get(key);
      if (!hit) {
        const stored = getRubric(db, id, version).rubric;
        const rubric = locale ? localizedRubric(stored, locale) : stored;
        hit = {
          ...rubric,
          stepById: new Map(rubric.steps.map((s) => [s.id, s])),
          totalPoints: rubric.steps.reduce((sum, s) => sum + s.max_points, 0),
        };
        cache.set(key, hit);
      }
      return hit;
    },
  };
}
