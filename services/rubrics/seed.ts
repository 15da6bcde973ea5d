import type { Db } from '../../db/connection';
import { builtinRubrics } from '../../domain/rubric/builtin';
import { rubricContentHash } from '../../domain/rubric/hash';
import type { Rubric } from '../../domain/rubric/types';
import {
  builtinRubricRowsWithContent,
  insertRubric,
  latestRubricVersion,
  rubricRow,
  rubricWithContentExists,
} from '../../db/queries/rubrics';
import { appendAudit } from '../integrity/audit';
import { sameTranslations, updateTranslations } from './store';
import { nowIso } from '../core/clock';
import type { ServiceContext } from '../core/context';

/** Makes sure the built-in rubrics are in the database; runs every time a database is opened. */
export function seedBuiltins(ctx: ServiceContext): void {
  const added = seedBuiltinRubrics(ctx.db);
  if (added.length > 0) ctx.log.info('built-in rubrics added', { rubrics: added.map((a) => `${a.id}@${a.version}`) });
  const reworded = refreshBuiltinTranslations(ctx.db);
  if (reworded.length > 0) {
    ctx.log.info('built-in rubric texts updated', { rubrics: reworded.map((a) => `${a.id}@${a.version}`) });
  }
}

/**
 * Gives the stored copies of a shipped rubric the app's words in other languages (e.g. the Chinese
 * text a release adds). Only shipped rows whose content hash equals the shipped rubric's are
 * touched, so their steps, points and scoring are the same by definition and no mark, version or
 * agreement figure changes; the words they had go to the audit trail.
 */
export function refreshBuiltinTranslations(
  db: Db,
  shipped: Rubric[] = builtinRubrics(),
): { id: string; version: number }[] {
  const stale = () =>
    shipped.flatMap((rubric) =>
      builtinRubricRowsWithContent(db, rubric.id, rubricContentHash(rubric))
        .filter((row) => !sameTranslations(JSON.parse(row.body) as Rubric, rubric))
        .map((row) => ({ rubric, row })),
    );
  if (stale().length === 0) return [];
  return db
    .transaction(() =>
      stale().map(({ rubric, row }) => {
        updateTranslations(db, rubric, row, 'app');
        return { id: row.id, version: row.version };
      }),
    )
    .immediate();
}

/**
 * Adds each shipped rubric whose content is not stored yet. A rubric the app already has under any
 * version is left alone. A new app release whose rubric text changed adds it as a new version: at
 * its own version number when that is free, otherwise after the newest stored one (the lab may
 * have made its own versions of a built-in). A stored version is never changed, because scores
 * may point at it.
 */
export function seedBuiltinRubrics(db: Db, shipped: Rubric[] = builtinRubrics()): { id: string; version: number }[] {
  const missing = () => shipped.filter((r) => !hasContent(db, r.id, rubricContentHash(r)));
  // The usual start-up finds everything in place and never takes the write lock.
  if (missing().length === 0) return [];
  return db
    .transaction(() =>
      // Checked again under the lock: the app and the CLI may open the same database together.
      missing().map((rubric) => {
        const hash = rubricContentHash(rubric);
        const newest = latestRubricVersion(db, rubric.id);
        const taken = rubricRow(db, rubric.id, rubric.version);
        const version = taken ? (newest ?? 0) + 1 : rubric.version;
        const body = { ...rubric, version };
        delete body.$schema;
        insertRubric(db, {
          id: rubric.id,
          version,
          title: rubric.title,
          station: rubric.station,
          content_hash: hash,
          body: JSON.stringify(body),
          builtin: 1,
          created_at: nowIso(),
        });
        appendAudit(db, {
          actor: 'app',
          action: 'seed',
          entity: 'rubric',
          entityId: `${rubric.id}@${version}`,
          after: { version, contentHash: hash, title: rubric.title, steps: rubric.steps.length, builtin: true },
        });
        return { id: rubric.id, version };
      }),
    )
    .immediate();
}

const hasContent = rubricWithContentExists;
