/**
 * The anchor check when the app or a command opens a database, with this installation's keys. A
 * mismatch is recorded as an `integrity_alarm` event (so the evidence stays in the chain, and
 * `audit verify` keeps naming it until someone acknowledges it) before the anchor follows the
 * database again.
 *
 * A missing anchor with keys made just now is a first start only for a database whose trail holds
 * nothing beyond the built-in rubrics' seeding and which this user's record (anchored-record.ts)
 * does not know. Otherwise its key file and anchor were deleted (or it predates anchors): that is
 * an alarm too, and no baseline is written, so marks changed meanwhile still differ from their
 * own events.
 */
import type { Db } from '../../db/connection';
import { eventsBeyondSeeding } from '../../db/queries/audit';
import { metaValue } from '../../db/queries/settings';
import { appendAudit } from './audit';
import { anchorFilePath, readAnchorFile, settleAnchor } from './anchor';
import type { AnchoredDatabase, AnchoredRecord } from './anchored-record';
import type { InstallationKeys } from './keys';
import { allFacts } from './replay';
import { anchorProblems, type IntegrityProblem } from './verify';

const fingerprint = (f: string) => `${f.slice(0, 16)}…`;

/** Why a database with no anchor and new keys is not a first start, or nothing when it is one. */
function lostAnchorProblems(db: Db, dbPath: string, known: AnchoredDatabase | null): IntegrityProblem[] {
  if (known) {
    return [
      {
        code: 'anchor-missing',
        message:
          `this database (${dbPath}) was anchored before by another installation (key fingerprint ${fingerprint(known.installation)}, on ${known.anchoredAt}), ` +
          'as this user’s own record shows: its key file and its audit anchor were replaced or deleted, so changes made since cannot be told from the examiners’ own',
      },
    ];
  }
  const events = eventsBeyondSeeding(db);
  const facts = allFacts(db);
  const held = (facts.marks?.length ?? 0) + (facts.adjudications?.length ?? 0);
  if (events === 0 && held === 0) return [];
  return [
    {
      code: 'anchor-missing',
      message:
        `no audit anchor and no key file were found for a database whose audit trail already has ${events} events (and ${held} marks and adjudications): ` +
        'it comes from a version of the app before anchors, or both files were deleted; marks changed before now can only be checked against their own events',
    },
  ];
}

export function anchorAtStartup(
  db: Db,
  dbPath: string,
  keys: InstallationKeys & { created: boolean },
  record: AnchoredRecord | null = null,
): IntegrityProblem[] {
  const file = anchorFilePath(dbPath);
  const found = readAnchorFile(file);
  // Read only: opening must not need a write lock (another process may hold one).
  const workstation = metaValue(db, 'workstation_id') ?? '';
  const known = record?.find(dbPath, workstation) ?? null;
  let problems: IntegrityProblem[];
  if (found === 'missing' && keys.created) problems = lostAnchorProblems(db, dbPath, known);
  else {
    problems = anchorProblems(db, found, keys, file);
    if (!problems.length && known && known.installation !== keys.fingerprint)
      problems = [
        {
          code: 'anchor-forged',
          message: `this database was anchored before by another installation (key fingerprint ${fingerprint(known.installation)}, on ${known.anchoredAt}): its key file and anchor were replaced with a consistent new pair`,
        },
      ];
  }
  if (problems.length) {
    db.transaction(() =>
      appendAudit(db, {
        actor: 'app',
        action: 'integrity_alarm',
        entity: 'audit_trail',
        after: { problems: problems.map((p) => p.message) },
      }),
    )();
  }
  settleAnchor(db);
  try {
    record?.remember(dbPath, workstation, keys.fingerprint);
  } catch {
    // The record is a second line of defence; an unwritable user folder must not keep the database closed.
  }
  return problems;
}
