/**
 * The rubric store: every version of every station rubric, kept so that a score always points at
 * the exact rubric text it was given against. A version that anything refers to is frozen; an edit
 * to it becomes a new version and the old one is never touched again.
 */
import type { Db } from '../../db/connection';
import type {
  RubricListItem,
  RubricNewVersionReason,
  RubricSaveResult,
  RubricVersionInfo,
  StoredRubric,
} from '../../contract/rubrics';
import { builtinRubrics } from '../../domain/rubric/builtin';
import { canonicalJson, rubricContentHash } from '../../domain/rubric/hash';
import type { Rubric } from '../../domain/rubric/types';
import { validateRubric } from '../../domain/rubric/validate';
import {
  insertRubric,
  latestRubricRow,
  rubricRow,
  rubricSummaries,
  rubricVersionInUse,
  rubricVersionsInUse,
  updateRubricBody,
  type RubricRow,
} from '../../db/queries/rubrics';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';
import { NotFoundError } from '../core/errors';

/** One thing wrong with a rubric or a rubric file: a JSONPath, a 1-based file line, or both. */
export interface RubricFileProblem {
  path?: string;
  line?: number;
  message: string;
}

/**
 * A rubric (or rubric file) was refused. `issues` is copied into the API error by the dispatcher,
 * so the editor can put each message next to the field its path names.
 */
export class InvalidRubricError extends Error {
  override name = 'InvalidRubric';
  readonly issues: { path: string; message: string }[];
  constructor(
    /** The file name, or 'rubric' for a rubric sent by the editor. */
    readonly source: string,
    readonly problems: RubricFileProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${source} is not a valid rubric (${count}): ${problems.map(formatProblem).join('; ')}`);
    this.issues = problems.map((p) => ({
      path: p.line !== undefined ? `line ${p.line}` : (p.path ?? '$'),
      message: p.message,
    }));
  }
}

/** "$.steps[2].criteria: ..." or "line 4: ..." */
export function formatProblem(p: RubricFileProblem): string {
  if (p.line !== undefined) return `line ${p.line}: ${p.message}`;
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** A new rubric was asked for (e.g. a duplicate of a built-in) under an id that is taken. */
export class RubricIdTakenError extends InvalidRubricError {
  override name = 'RubricIdTaken';
  constructor(id: string) {
    super('rubric', [{ path: '$.id', message: `a rubric with id '${id}' already exists; choose another id` }]);
  }
}

/** True when a score, marking, adjudication, model run or station uses this rubric version. */
export const isFrozen = rubricVersionInUse;

/** Bodies are only ever written after validateRubric, so they are read back without re-checking;
 *  the row's version wins over the body's so the two can never disagree. */
function rubricOf(row: RubricRow): Rubric {
  return { ...(JSON.parse(row.body) as Rubric), version: row.version };
}

const latestRow = latestRubricRow;

/** Built-ins first in their shipped order (CPR, AED, BMV), then the lab's own rubrics by id. */
export function listRubrics(db: Db): RubricListItem[] {
  const rows = rubricSummaries(db);
  const inUse = rubricVersionsInUse(db);
  const items = new Map<string, RubricListItem>();
  for (const row of rows) {
    const version: RubricVersionInfo = {
      version: row.version,
      title: row.title,
      contentHash: row.content_hash,
      builtin: row.builtin === 1,
      inUse: inUse.has(`${row.id}@${row.version}`),
      createdAt: row.created_at,
    };
    const item = items.get(row.id);
    if (item) {
      item.versions.push(version);
      item.builtin ||= version.builtin;
      continue;
    }
    items.set(row.id, {
      id: row.id,
      version: row.version,
      title: row.title,
      station: row.station,
      stepCount: row.step_count,
      totalPoints: row.total_points,
      builtin: version.builtin,
      versions: [version],
      texts: row.texts ? (JSON.parse(row.texts) as RubricListItem['texts']) : {},
    });
  }
  const shippedOrder = builtinRubrics().map((r) => r.id);
  const rank = (item: RubricListItem) => {
    const i = shippedOrder.indexOf(item.id);
    return i >= 0 && item.builtin ? i : shippedOrder.length;
  };
  return [...items.values()].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** One version of a rubric; the latest when no version is given. */
export function getRubric(db: Db, id: string, version?: number): StoredRubric {
  const latest = latestRow(db, id);
  const row = version === undefined ? latest : rubricRow(db, id, version);
  if (!row || !latest) {
    throw new NotFoundError(version === undefined ? `Rubric '${id}'` : `Version ${version} of rubric '${id}'`);
  }
  return {
    rubric: rubricOf(row),
    version: row.version,
    latestVersion: latest.version,
    contentHash: row.content_hash,
    builtin: row.builtin === 1,
    inUse: isFrozen(db, row.id, row.version),
    createdAt: row.created_at,
  };
}

export interface SaveOptions {
  actor: string;
  /** The caller means to create a rubric (duplicate, new): refuse an id that is already taken. */
  asNew?: boolean | undefined;
  /** Audit action; 'import' for files. */
  action?: string;
  /** Written as a built-in (seeding only). */
  builtin?: boolean;
}

/**
 * Validates and stores an edited rubric. The version it gets:
 * - a new id keeps the version it carries (a rubric file from another lab keeps its number);
 * - content identical to the latest version: nothing is written;
 * - the latest version is in use, shipped with the app, or newer than the version the edit
 *   started from: a new version (latest + 1), the old one untouched;
 * - otherwise (a lab's own draft no score uses yet): changed in place, same version.
 */
export function saveRubric(db: Db, input: unknown, opts: SaveOptions, source = 'rubric'): RubricSaveResult {
  const checked = validateRubric(input);
  if (!checked.ok) throw new InvalidRubricError(source, checked.problems);
  return storeRubric(db, checked.rubric, opts);
}

/** Stores an already validated rubric under the rules of saveRubric, in one write transaction. */
export function storeRubric(db: Db, rubric: Rubric, opts: SaveOptions): RubricSaveResult {
  const hash = rubricContentHash(rubric);
  // IMMEDIATE takes the write lock before reading the latest version, so the app and the CLI
  // saving at the same moment cannot both pick the same new version number.
  return db
    .transaction((): RubricSaveResult => {
      const latest = latestRow(db, rubric.id);
      if (!latest) {
        insertVersion(db, rubric, rubric.version, hash, opts, null);
        return result(rubric, rubric.version, 'new-rubric', null, null);
      }
      if (opts.asNew) throw new RubricIdTakenError(rubric.id);
      if (latest.content_hash === hash) {
        if (sameTranslations(rubricOf(latest), rubric)) {
          return result(rubricOf(latest), latest.version, 'unchanged', null, null);
        }
        // Only the words in another language changed. Marks point at steps and points, which are
        // the same, so a lab's own version takes the new words in place even when scores use it
        // (the old words go to the audit trail). A shipped version keeps the app's words: the
        // lab's wording becomes a version of its own, as any edit of a built-in does.
        if (latest.builtin !== 1) {
          updateTranslations(db, rubric, latest, opts.actor);
          return result(
            rubricOf({ ...latest, body: bodyWithTranslations(latest, rubric) }),
            latest.version,
            'texts-updated',
            null,
            null,
          );
        }
      }

      const reason: RubricNewVersionReason | null = isFrozen(db, latest.id, latest.version)
        ? 'in-use'
        : latest.builtin === 1
          ? 'builtin'
          : rubric.version < latest.version
            ? 'older-version'
            : null;
      if (reason === null) {
        updateVersion(db, rubric, latest, hash, opts.actor);
        return result(rubric, latest.version, 'updated', null, null);
      }
      const version = latest.version + 1;
      insertVersion(db, rubric, version, hash, opts, latest.version);
      return result(rubric, version, 'new-version', latest.version, reason);
    })
    .immediate();
}

/** Two rubrics word the other languages identically (absent and empty count as the same). */
export function sameTranslations(a: Pick<Rubric, 'translations'>, b: Pick<Rubric, 'translations'>): boolean {
  return canonicalJson(a.translations ?? {}) === canonicalJson(b.translations ?? {});
}

/** The stored body with `rubric`'s translations in place of its own (none when `rubric` has none). */
function bodyWithTranslations(row: RubricRow, rubric: Pick<Rubric, 'translations'>): string {
  const { translations: _old, ...body } = JSON.parse(row.body) as Rubric;
  return JSON.stringify(rubric.translations ? { ...body, translations: rubric.translations } : body);
}

/**
 * Replaces a stored version's words in other languages and nothing else (its content hash is the
 * same by definition); the audit trail keeps the words it had.
 */
export function updateTranslations(db: Db, rubric: Pick<Rubric, 'translations'>, row: RubricRow, actor: string): void {
  const before = (JSON.parse(row.body) as Rubric).translations ?? null;
  updateRubricBody(db, {
    id: row.id,
    version: row.version,
    title: row.title,
    station: row.station,
    content_hash: row.content_hash,
    body: bodyWithTranslations(row, rubric),
  });
  appendAudit(db, {
    actor,
    action: 'update_texts',
    entity: 'rubric',
    entityId: `${row.id}@${row.version}`,
    before: { translations: before },
    after: { translations: rubric.translations ?? null, contentHash: row.content_hash },
  });
}

function result(
  rubric: Rubric,
  version: number,
  outcome: RubricSaveResult['outcome'],
  previousVersion: number | null,
  reason: RubricNewVersionReason | null,
): RubricSaveResult {
  return {
    rubric: { ...rubric, version },
    version,
    created: outcome === 'new-rubric' || outcome === 'new-version',
    outcome,
    previousVersion,
    reason,
  };
}

function insertVersion(
  db: Db,
  rubric: Rubric,
  version: number,
  hash: string,
  opts: SaveOptions,
  previousVersion: number | null,
): void {
  const body = { ...rubric, version };
  delete body.$schema;
  insertRubric(db, {
    id: rubric.id,
    version,
    title: rubric.title,
    station: rubric.station,
    content_hash: hash,
    body: JSON.stringify(body),
    builtin: opts.builtin ? 1 : 0,
    created_at: nowIso(),
  });
  appendAudit(db, {
    actor: opts.actor,
    action: opts.action ?? (previousVersion === null ? 'create' : 'new_version'),
    entity: 'rubric',
    entityId: `${rubric.id}@${version}`,
    after: {
      version,
      previousVersion,
      contentHash: hash,
      title: rubric.title,
      steps: rubric.steps.length,
      builtin: !!opts.builtin,
    },
  });
}

/** Only for a lab's own version nothing refers to; the old body goes into the audit trail so the
 *  change can still be traced. */
function updateVersion(db: Db, rubric: Rubric, latest: RubricRow, hash: string, actor: string): void {
  const body = { ...rubric, version: latest.version };
  delete body.$schema;
  updateRubricBody(db, {
    id: latest.id,
    version: latest.version,
    title: rubric.title,
    station: rubric.station,
    content_hash: hash,
    body: JSON.stringify(body),
  });
  appendAudit(db, {
    actor,
    action: 'update',
    entity: 'rubric',
    entityId: `${rubric.id}@${latest.version}`,
    before: { contentHash: latest.content_hash, body: JSON.parse(latest.body) as unknown },
    after: { contentHash: hash, title: rubric.title, steps: rubric.steps.length },
  });
}
