/**
 * Security review A3: SQLite's own objects are told apart by their exact names, never by
 * `LIKE 'sqlite_%'` (in LIKE, `_` matches any character, so a trigger named `sqlite1zero` passed as
 * one of SQLite's own and was invisible to the schema check, the backup digest and `audit verify`).
 * And a writer records in its audit event the values it meant to write, so a trigger that changes
 * them afterwards leaves a mark that no longer matches its event.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openServiceContext } from '../backend/open';
import { loadFileKeys } from './keys';
import { silentLogger } from '../core/log';
import { importExaminerMarks } from '../label-import/marks';
import { openLab } from '../../tests/support/lab';
import { backupDatabase, BackupFileError, restoreDatabase } from './backup';
import { replayAudit } from './replay';
import { schemaDifferences } from './schema';
import { schemaVersion } from '../../db/migrate';

const ZERO_TRIGGER = `CREATE TRIGGER sqlite1zero AFTER INSERT ON step_scores BEGIN
  UPDATE step_scores SET score = 0 WHERE rowid = NEW.rowid AND score IS NOT NULL; END`;

describe('objects named like SQLite’s own (security review A3)', () => {
  it('a backup with a trigger named sqlite1zero is refused, naming the trigger, and the database is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'osce-a3-'));
    const dbPath = join(dir, 'osce.sqlite');
    const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
    await backupDatabase(ctx.db, join(dir, 'good.sqlite'), ctx.keys);
    close();
    const evil = join(dir, 'evil.sqlite');
    copyFileSync(join(dir, 'good.sqlite'), evil);
    const raw = new Database(evil);
    raw.exec(ZERO_TRIGGER);
    raw.close();
    const before = readFileSync(dbPath);
    const err = await restoreDatabase(dbPath, evil, { keys: loadFileKeys(dbPath) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupFileError);
    expect((err as Error).message).toMatch(/trigger sqlite1zero is not part of this app's schema/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('the live schema check names the trigger, and a marks import under it is caught by the replay', () => {
    const lab = openLab();
    try {
      const session = lab.session('Paper day');
      const station = lab.station(session, 'BMV', 'bmv');
      const rec = lab.recording({ session, station });
      lab.ctx.db.exec(ZERO_TRIGGER);
      expect(schemaDifferences(lab.ctx.db, schemaVersion(lab.ctx.db))).toContain(
        "trigger sqlite1zero is not part of this app's schema",
      );
      const steps = ['bmv.equipment_oxygen', 'bmv.airway_opening', 'bmv.mask_seal', 'bmv.ventilation'];
      const csv = ['recording_id,step_id,rater,score', ...steps.map((s) => `${rec},${s},Dr Third,2`)]
        .concat(`${rec},bmv.coordination_monitoring,Dr Third,1`)
        .join('\n');
      importExaminerMarks(lab.ctx.db, csv, 'marks.csv', { actor: 'test' });
      // The trigger zeroed every score; the import's event says what the file held, so each differs.
      const problems = replayAudit(lab.ctx.db);
      expect(problems.filter((p) => p.code === 'mark-differs')).toHaveLength(5);
      expect(problems[0]!.message).toMatch(/is 0 .* says [12]/);
    } finally {
      lab.close();
    }
  });

  it('SQLite’s own objects (autoindexes, sqlite_sequence, sqlite_stat1 after ANALYZE) are still not reported', () => {
    const lab = openLab();
    try {
      lab.ctx.db.exec('ANALYZE');
      expect(schemaDifferences(lab.ctx.db, schemaVersion(lab.ctx.db))).toEqual([]);
    } finally {
      lab.close();
    }
  });
});
