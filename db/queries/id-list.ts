/**
 * Optional id lists in SQL. "These ids, or every row" is built as two different statements rather
 * than `(@only IS NULL OR x IN ...)`: that OR hides the index from SQLite's planner, so asking about
 * one recording scanned every row (31 ms instead of 0.4 ms at 100,000 recordings).
 */

/** `column IN (the ids)` with its parameter, or a condition that is always true when `only` is absent. */
export function idsCondition(
  column: string,
  only: readonly number[] | null | undefined,
): { sql: string; params: { only?: string } } {
  if (!only) return { sql: '1', params: {} };
  return { sql: `${column} IN (SELECT value FROM json_each(@only))`, params: { only: JSON.stringify(only) } };
}
