/** Small display helpers shared by the review components. */

/** 83.456 → "1:23.46": examiners read times off the player, hundredths match a 25 fps frame step. */
export function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
}

/** 1.5 → "1.5", 2 → "2": scores are whole or half points. */
export const points = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The neighbouring allowed score, for the - and = keys; from no score, - starts at the top and = at the bottom. */
export function neighbourScore(allowed: readonly number[], current: number | null, direction: 1 | -1): number | null {
  if (allowed.length === 0) return null;
  if (current === null) return direction === 1 ? allowed[0]! : allowed[allowed.length - 1]!;
  const i = allowed.findIndex((a) => Math.abs(a - current) < 1e-9);
  const next = allowed[Math.max(0, Math.min(allowed.length - 1, (i === -1 ? 0 : i) + direction))];
  return next ?? null;
}
