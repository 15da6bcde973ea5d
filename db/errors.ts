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
    super(`Database migration ${version} failed; no change was kept: ${(cause as Error)?.message ?? cause}`);
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
