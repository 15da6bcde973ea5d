/**
 * Where an imported recording belongs: its exam session, station, candidate and examiners. Every
 * function here runs inside the recording's own transaction, so a file that fails leaves no new
 * session, station or candidate behind either.
 */
import type { Db } from '../../db/connection';
import {
  ensureCandidate,
  insertSession,
  insertStation,
  sessionByName,
  stationCodesOfSession,
  stationForRubric,
} from '../../db/queries/recordings';
import { ensureRater } from '../../db/queries/raters';
import { latestRubricVersion } from '../../db/queries/rubrics';
import { appendAudit } from '../integrity/audit';
import { nowIso } from '../core/clock';

export interface Placement {
  session: { name: string; date?: string | undefined; site?: string | undefined };
  /** Rubric id; the station uses its latest version when the session has no station for it yet. */
  rubricId: string;
  candidate?: string | undefined;
  examiners: readonly string[];
}

export interface PlacedIds {
  sessionId: number;
  stationId: number;
  stationCode: string;
  candidateId: number | null;
  raterIds: number[];
}

function sessionId(db: Db, s: Placement['session'], actor: string): number {
  const found = sessionByName(db, s.name);
  if (found) return found.id;
  const id = insertSession(db, {
    name: s.name,
    date: s.date ?? null,
    site: s.site || null,
    blindFirst: true,
    at: nowIso(),
  });
  appendAudit(db, {
    actor,
    action: 'create',
    entity: 'exam_session',
    entityId: id,
    after: { name: s.name, date: s.date ?? null, site: s.site ?? null, via: 'import' },
  });
  return id;
}

/**
 * One station per rubric in a session, reused by every later import, so all its recordings are
 * marked against the same rubric version even after the rubric is edited.
 */
function station(db: Db, session: number, rubricId: string, actor: string): { id: number; code: string } {
  const found = stationForRubric(db, session, rubricId);
  if (found) return { id: found.id, code: found.code };
  const version = latestRubricVersion(db, rubricId);
  if (version === null) throw new Error(`Rubric '${rubricId}' is not stored.`);
  const taken = new Set(stationCodesOfSession(db, session));
  const base = rubricId.toUpperCase();
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  const id = insertStation(db, { session_id: session, code, rubric_id: rubricId, rubric_version: version });
  appendAudit(db, {
    actor,
    action: 'create',
    entity: 'station',
    entityId: id,
    after: { sessionId: session, code, rubricId, rubricVersion: version },
  });
  return { id, code };
}

/** Finds or creates the rows a recording points at. Call inside the recording's transaction. */
export function placeRecording(db: Db, p: Placement, actor: string): PlacedIds {
  const session = sessionId(db, p.session, actor);
  const st = station(db, session, p.rubricId, actor);
  return {
    sessionId: session,
    stationId: st.id,
    stationCode: st.code,
    candidateId: p.candidate ? ensureCandidate(db, p.candidate, nowIso()) : null,
    raterIds: [
      ...new Set(
        p.examiners.map((name) =>
          ensureRater(db, { kind: 'examiner', name, configKey: '', config: '{}', at: nowIso() }),
        ),
      ),
    ],
  };
}
