/**
 * Rubric content hash, so the app can tell "same rubric under a new version number" from "edited
 * rubric" (scores stored against one content hash stay comparable). Pure and synchronous: it runs
 * in main, the CLI and the renderer alike.
 */
import { sha256Hex } from './sha256';
import type { Rubric } from './types';

/**
 * Fields that label a rubric file rather than describe its content. `translations` (the rubric's
 * words in another language) is left out on purpose: the steps, ids, points and scoring a mark is
 * given against are the same whichever language they are read in, so adding a Chinese text to a
 * rubric keeps its hash, its version, every mark and every agreement figure as they are, and a
 * bundle from a workstation with or without the text merges as the same rubric.
 */
const NOT_CONTENT = new Set(['version', '$schema', 'translations']);

/**
 * JSON with object keys sorted at every depth and no whitespace. Array order is kept: step order
 * and score order are content. `version` and `$schema` are left out; undefined fields vanish as
 * in JSON.stringify, so an absent optional field and an undefined one give the same text.
 */
export function canonicalRubricJson(rubric: Rubric): string {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rubric)) {
    if (!NOT_CONTENT.has(key)) content[key] = value;
  }
  return canonicalJson(content);
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/** sha256 hex of canonicalRubricJson: identical content gives an identical hash whatever the
 *  version number, key order or translations; any edit to the content gives a new one. */
export function rubricContentHash(rubric: Rubric): string {
  return sha256Hex(canonicalRubricJson(rubric));
}
