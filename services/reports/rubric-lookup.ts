/**
 * Rubric versions as reports need them: read once per report from the rubric store (read-only),
 * with each step indexed by id. Every score names the exact rubric version it was given against.
 */
import type { Db } from '../../db/connection';
import type { Rubric, RubricStep } from '../../domain/rubric/types';
import { getRubric } from '../rubrics/store';

export interface IndexedRubric extends Rubric {
  stepById: ReadonlyMap<string, RubricStep>;
  totalPoints: number;
}

export interface RubricLookup {
  /** Throws NotFound when the version is not in the store. */
  get(id: string, version: number): IndexedRubric;
}

export function createRubricLookup(db: Db): RubricLookup {
  const cache = new Map<string, IndexedRubric>();
  return {
    get(id, version) {
      const key = `${id}@${version}`;
      let hit = cache.get(key);
      if (!hit) {
        const rubric = getRubric(db, id, version).rubric;
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
