/** One place for timestamps so records use the same ISO format everywhere. */
export const nowIso = (): string => new Date().toISOString();
