/** The database was written by a newer version of the app; it is left exactly as it was. */
export class NewerSchemaError extends Error {
  override name = 'NewerSchemaError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database ${file} was written by a newer version of the app (schema version ${found}; ` +
        `this version understands up to ${supported}). It was not opened or changed. ` +
        `Update the app, or point it at another database with --db or OSCE_DB.`,
    );
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly version: number,
    cause: unknown,
  ) {
    super(`Database migration ${version} failed; no change was kept: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

/** The database failed its integrity check at start-up; the app stops instead of carrying on. */
export class DatabaseCorruptError extends Error {
  override name = 'DatabaseCorruptError';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly latestBackup: string | null,
  ) {
    super(
      `The database ${file} failed its integrity check (${detail}). Nothing more was written to it. ` +
        (latestBackup
          ? `The latest backup is ${latestBackup}: restore it with "osce restore ${latestBackup}" (the damaged file is kept aside).`
          : 'No backup was found; keep the file for recovery and start with another database (--db).'),
    );
  }
}

/** The database file (or its folder) cannot be written: permissions, a read-only disk or mount. Not damage. */
export class DatabaseReadOnlyError extends Error {
  override name = 'DatabaseReadOnlyError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `The database ${file} can be read but not written (${detail}). It is not damaged and nothing was changed. ` +
        'Check the permissions of the file and its folder, or whether the disk is mounted read-only.',
    );
  }
}

/** Another process holds a lock on the database long past the busy timeout. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  constructor(
    readonly file: string,
    readonly holders: string[],
  ) {
    super(
      `The database ${file} is locked by another process${holders.length ? ` (${holders.join(', ')})` : ''}. ` +
        'Nothing was changed. Close the other program (the desktop app or another osce command) and try again.',
    );
  }
}

const READONLY_CODES = new Set([
  'SQLITE_READONLY',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_READONLY_RECOVERY',
  'SQLITE_READONLY_CANTINIT',
  'SQLITE_READONLY_CANTLOCK',
  'SQLITE_READONLY_ROLLBACK',
  'SQLITE_PERM',
  'SQLITE_AUTH',
]);
const BUSY_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);

/** What kind of failure an SQLite error is: damage is only the codes SQLite itself uses for it. */
export function sqliteFailureKind(err: unknown): 'readonly' | 'busy' | 'corrupt' | 'other' {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (READONLY_CODES.has(code) || code === 'EACCES' || code === 'EROFS') return 'readonly';
  if (BUSY_CODES.has(code)) return 'busy';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_READONLY')) return 'readonly';
  if (code.startsWith('SQLITE_BUSY')) return 'busy';
  return 'other';
}
