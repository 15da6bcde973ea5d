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
