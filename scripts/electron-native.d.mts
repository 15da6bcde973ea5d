export function electronVersion(): string;
export function ensureElectronSqlite(): string;
