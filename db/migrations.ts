/**
 * Ordered, additive schema migrations. `PRAGMA user_version` records how many have run.
 * Never edit a released migration: add a new one (a guard test checks earlier ones stay as they were).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const v1 = `
CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL
) STRICT;

-- Secrets hold ciphertext only (Electron safeStorage); plain keys never reach the database.
CREATE TABLE secrets (
  name       TEXT PRIMARY KEY,
  ciphertext BLOB NOT NULL,
  backend    TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE exam_sessions (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  exam_date   TEXT,
  site        TEXT,
  blind_first INTEGER NOT NULL DEFAULT 1 CHECK (blind_first IN (0, 1)),
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE rubrics (
  id           TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version > 0),
  title        TEXT NOT NULL,
  station      TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  body         TEXT NOT NULL CHECK (json_valid(body)),
  builtin      INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE stations (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES exam_sessions(id) ON DELETE CASCADE,
  code           TEXT NOT NULL,
  rubric_id      TEXT NOT NULL,
  rubric_version INTEGER NOT NULL,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics(id, version),
  UNIQUE (session_id, code)
) STRICT;

CREATE TABLE candidates (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE recordings (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  session_id    INTEGER NOT NULL REFERENCES exam_sessions(id),
  station_id    INTEGER NOT NULL REFERENCES stations(id),
  candidate_id  INTEGER REFERENCES candidates(id),
  original_path TEXT NOT NULL,
  stored_path   TEXT NOT NULL,
  storage       TEXT NOT NULL CHECK (storage IN ('copy', 'reference')),
  size_bytes    INTEGER NOT NULL,
  mtime_ms      INTEGER,
  duration_s    REAL NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  rotation      INTEGER NOT NULL DEFAULT 0,
  fps           REAL,
  vfr           INTEGER NOT NULL DEFAULT 0,
  video_codec   TEXT NOT NULL,
  audio_codec   TEXT,
  has_audio     INTEGER NOT NULL CHECK (has_audio IN (0, 1)),
  container     TEXT,
  poster_path   TEXT,
  proxy_path    TEXT,
  proxy_status  TEXT NOT NULL DEFAULT 'not_needed'
                CHECK (proxy_status IN ('not_needed', 'pending', 'ready', 'failed')),
  attributes    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  imported_at   TEXT NOT NULL
) STRICT;
CREATE INDEX recordings_session ON recordings(session_id);
CREATE INDEX recordings_station ON recordings(station_id);
CREATE INDEX recordings_candidate ON recordings(candidate_id);

-- Examiners and model configurations are both raters.
CREATE TABLE raters (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('examiner', 'model')),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  config_key TEXT NOT NULL DEFAULT '',
  config     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
  created_at TEXT NOT NULL,
  UNIQUE (kind, name, config_key)
) STRICT;

CREATE TABLE recording_examiners (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rater_id     INTEGER NOT NULL REFERENCES raters(id),
  PRIMARY KEY (recording_id, rater_id)
) STRICT;

-- One examiner's marking of one recording: blind phase, reveal, submission lock.
CREATE TABLE markings (
  id             INTEGER PRIMARY KEY,
  recording_id   INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rater_id       INTEGER NOT NULL REFERENCES raters(id),
  rubric_id      TEXT NOT NULL,
  rubric_version INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'submitted')),
  revealed_at    TEXT,
  submitted_at   TEXT,
  created_at     TEXT NOT NULL,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics(id, version),
  UNIQUE (recording_id, rater_id)
) STRICT;

CREATE TABLE background_jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  params      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  progress    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(progress)),
  error       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX background_jobs_status ON background_jobs(status);

CREATE TABLE model_runs (
  id                INTEGER PRIMARY KEY,
  job_id            INTEGER REFERENCES background_jobs(id),
  recording_id      INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rater_id          INTEGER NOT NULL REFERENCES raters(id),
  idempotency_key   TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed', 'cancelled')),
  provider          TEXT NOT NULL,
  host              TEXT NOT NULL,
  model             TEXT NOT NULL,
  task              TEXT NOT NULL CHECK (task IN ('score', 'binary')),
  mode              TEXT NOT NULL CHECK (mode IN ('full', 'clips')),
  prompt_version    TEXT NOT NULL,
  prompt_hash       TEXT NOT NULL,
  rubric_id         TEXT NOT NULL,
  rubric_version    INTEGER NOT NULL,
  frame_spec        TEXT NOT NULL CHECK (json_valid(frame_spec)),
  frame_timestamps  TEXT CHECK (frame_timestamps IS NULL OR json_valid(frame_timestamps)),
  temperature       REAL,
  seed              INTEGER,
  raw_response      TEXT,
  parsed            TEXT CHECK (parsed IS NULL OR json_valid(parsed)),
  reason            TEXT,
  prompt_tokens     INTEGER,
  completion_tokens INTEGER,
  attempts          INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics(id, version)
) STRICT;
CREATE INDEX model_runs_recording ON model_runs(recording_id);
CREATE INDEX model_runs_key ON model_runs(idempotency_key, status);

-- Step scores of every rater (examiner marks, accepted model answers, imported marks).
CREATE TABLE step_scores (
  id                    INTEGER PRIMARY KEY,
  recording_id          INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rater_id              INTEGER NOT NULL REFERENCES raters(id),
  rubric_id             TEXT NOT NULL,
  rubric_version        INTEGER NOT NULL,
  step_id               TEXT NOT NULL,
  score                 REAL,
  blind_score           REAL,
  not_assessable        INTEGER NOT NULL DEFAULT 0 CHECK (not_assessable IN (0, 1)),
  not_assessable_reason TEXT,
  comment               TEXT,
  source                TEXT NOT NULL CHECK (source IN ('examiner', 'model', 'import')),
  run_id                INTEGER REFERENCES model_runs(id),
  suggestion_visible    INTEGER NOT NULL DEFAULT 0 CHECK (suggestion_visible IN (0, 1)),
  from_suggestion       INTEGER NOT NULL DEFAULT 0 CHECK (from_suggestion IN (0, 1)),
  updated_at            TEXT NOT NULL,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics(id, version),
  UNIQUE (recording_id, rater_id, step_id),
  CHECK (score IS NULL OR score >= 0),
  CHECK (not_assessable = 0 OR not_assessable_reason IS NOT NULL)
) STRICT;
CREATE INDEX step_scores_rater ON step_scores(rater_id);

-- Time span of each rubric step in a recording, used by clip scoring and feedback.
CREATE TABLE step_spans (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  step_id      TEXT NOT NULL,
  start_s      REAL NOT NULL CHECK (start_s >= 0),
  end_s        REAL NOT NULL,
  rater_id     INTEGER REFERENCES raters(id),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (recording_id, step_id),
  CHECK (end_s > start_s)
) STRICT;

CREATE TABLE adjudications (
  id             INTEGER PRIMARY KEY,
  recording_id   INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rubric_id      TEXT NOT NULL,
  rubric_version INTEGER NOT NULL,
  step_id        TEXT NOT NULL,
  final_score    REAL NOT NULL CHECK (final_score >= 0),
  reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  adjudicator_id INTEGER REFERENCES raters(id),
  created_at     TEXT NOT NULL,
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics(id, version),
  UNIQUE (recording_id, step_id)
) STRICT;

CREATE TABLE provider_consents (
  provider_key TEXT PRIMARY KEY,
  host         TEXT NOT NULL,
  granted_at   TEXT NOT NULL,
  scope        TEXT NOT NULL
) STRICT;

-- Append-only and hash-chained: each row's hash covers its content and the previous hash.
CREATE TABLE audit_events (
  seq                INTEGER PRIMARY KEY AUTOINCREMENT,
  at                 TEXT NOT NULL,
  actor              TEXT NOT NULL,
  action             TEXT NOT NULL,
  entity             TEXT NOT NULL,
  entity_id          TEXT,
  before             TEXT CHECK (before IS NULL OR json_valid(before)),
  after              TEXT CHECK (after IS NULL OR json_valid(after)),
  suggestion_visible INTEGER NOT NULL DEFAULT 0 CHECK (suggestion_visible IN (0, 1)),
  prev_hash          TEXT NOT NULL,
  hash               TEXT NOT NULL
);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
`;

// Model scoring jobs: who is running a run (so a restart can tell a crashed process's runs from a
// live one's), which run replaced a forced re-run's predecessor, which rubric step a clip-mode
// answer (kept as a rejected run) was about, and a unique index so one
// idempotency key can never have two live runs, nor two current finished ones, even with two
// processes racing.
const v2 = `
ALTER TABLE model_runs ADD COLUMN worker TEXT;
ALTER TABLE model_runs ADD COLUMN superseded_by INTEGER REFERENCES model_runs(id);
ALTER TABLE model_runs ADD COLUMN step_id TEXT;
CREATE UNIQUE INDEX model_runs_one_live ON model_runs(idempotency_key) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX model_runs_one_current ON model_runs(idempotency_key) WHERE status = 'done' AND superseded_by IS NULL;
CREATE INDEX model_runs_job ON model_runs(job_id, status);
`;

// Exam bundles merged from other workstations: which bundles were imported (so a second import
// changes nothing), marks that differed and wait for a decision, and the other workstations'
// audit chains, kept verified beside this one's rather than spliced into it.
const v3 = `
CREATE TABLE imported_bundles (
  checksum    TEXT PRIMARY KEY,
  file        TEXT NOT NULL,
  session     TEXT NOT NULL,
  workstation TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
CREATE TABLE merge_conflicts (
  id              INTEGER PRIMARY KEY,
  bundle_checksum TEXT NOT NULL REFERENCES imported_bundles(checksum) DEFERRABLE INITIALLY DEFERRED,
  kind            TEXT NOT NULL,
  key             TEXT NOT NULL,
  local           TEXT NOT NULL CHECK (json_valid(local)),
  incoming        TEXT NOT NULL CHECK (json_valid(incoming)),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept-local', 'took-incoming')),
  decided_by      TEXT,
  decision_reason TEXT,
  created_at      TEXT NOT NULL,
  decided_at      TEXT
) STRICT;
CREATE TABLE imported_audit_events (
  workstation     TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  hash            TEXT NOT NULL,
  event           TEXT NOT NULL CHECK (json_valid(event)),
  bundle_checksum TEXT NOT NULL,
  PRIMARY KEY (workstation, seq)
) STRICT;
`;

// Recordings: why a playable proxy failed (shown in the list), and whether a referenced original
// is still where it was and unchanged ('missing'/'changed' are found by checkRecordingFiles). A
// partial index keeps "pending proxies to resume at start-up" cheap however large the library;
// the size index lets an import skip hashing twice unless a stored recording has the same size.
const v4 = `
ALTER TABLE recordings ADD COLUMN proxy_error TEXT;
ALTER TABLE recordings ADD COLUMN file_status TEXT NOT NULL DEFAULT 'ok' CHECK (file_status IN ('ok', 'missing', 'changed'));
ALTER TABLE recordings ADD COLUMN file_checked_at TEXT;
CREATE INDEX recordings_proxy_pending ON recordings(id) WHERE proxy_status = 'pending';
CREATE INDEX recordings_size ON recordings(size_bytes);
`;

// Model providers configured in Settings ("API" or "Local server"): their settings as validated
// JSON (services/scoring ProviderConfig), never a key. A provider's API key is a row in `secrets`
// (ciphertext only) named after the provider id, deleted with it.
const v5 = `
CREATE TABLE model_providers (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  kind       TEXT NOT NULL CHECK (kind IN ('api', 'local')),
  config     TEXT NOT NULL CHECK (json_valid(config)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;

// Record integrity (issue 12): the workstations (Ed25519 public keys) whose signed bundles a user
// confirmed, which signer made each imported bundle, and per-session roles: when a session names
// lead examiners, only they may adjudicate (and never a recording they marked themselves).
const v6 = `
CREATE TABLE trusted_signers (
  fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) = 64),
  public_key  TEXT NOT NULL,
  label       TEXT NOT NULL,
  trusted_by  TEXT NOT NULL,
  trusted_at  TEXT NOT NULL
) STRICT;
ALTER TABLE imported_bundles ADD COLUMN signer TEXT;
CREATE TABLE session_roles (
  session_id  INTEGER NOT NULL REFERENCES exam_sessions(id) ON DELETE CASCADE,
  rater_id    INTEGER NOT NULL REFERENCES raters(id),
  role        TEXT NOT NULL CHECK (role IN ('lead_examiner')),
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (session_id, rater_id, role)
) STRICT;
`;

// What each server accepts (structured output, images, audio, the token parameter), found by a
// few tiny requests and stored per base URL and model; and the frames each model run sent, exactly
// as sent (masked where masking was on). Frame bytes are stored once per content hash, so a re-run
// with the same frames adds only its links.
const v7 = `
CREATE TABLE provider_capabilities (
  base_url     TEXT NOT NULL,
  model        TEXT NOT NULL,
  capabilities TEXT NOT NULL CHECK (json_valid(capabilities)),
  tested_at    TEXT NOT NULL,
  PRIMARY KEY (base_url, model)
) STRICT;

CREATE TABLE sent_frames (
  sha256 TEXT PRIMARY KEY,
  jpeg   BLOB NOT NULL,
  bytes  INTEGER NOT NULL
) STRICT;

CREATE TABLE model_run_frames (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  step_id        TEXT,
  position       INTEGER NOT NULL,
  timestamp_s    REAL NOT NULL,
  sha256         TEXT NOT NULL REFERENCES sent_frames(sha256),
  masked_regions INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX model_run_frames_position ON model_run_frames(run_id, coalesce(step_id, ''), position);
`;

// A model's accepted answer, stored once in its typed form: one row per rubric step the run
// judged (the score or, for correct/error tasks, the verdict; the rationale; the evidence times).
// The answers runs kept as JSON in model_runs.parsed move here and that column is emptied, so
// nothing reads an answer twice. Beside it, the per-step trust the review shows next to a
// suggestion, computed from the whole lab once and kept until something it depends on changes:
// the triggers mark it stale in the same transaction as a submitted mark, a marking's status, an
// adjudication, a model suggestion, a rater's configuration or a station's rubric changes.
const v8 = `
CREATE TABLE model_run_answers (
  run_id     INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  step_id    TEXT NOT NULL,
  score      REAL CHECK (score IS NULL OR score >= 0),
  correct    INTEGER CHECK (correct IS NULL OR correct IN (0, 1)),
  rationale  TEXT NOT NULL,
  evidence_s TEXT NOT NULL CHECK (json_valid(evidence_s) AND json_type(evidence_s) = 'array'),
  PRIMARY KEY (run_id, step_id),
  CHECK ((score IS NULL) <> (correct IS NULL))
) STRICT;
ALTER TABLE model_runs ADD COLUMN answer_extracted_from TEXT
  CHECK (answer_extracted_from IS NULL OR answer_extracted_from IN ('whole', 'fenced', 'embedded'));

INSERT INTO model_run_answers (run_id, step_id, score, correct, rationale, evidence_s)
SELECT mr.id, j.key,
       CASE WHEN mr.task = 'score' THEN json_extract(j.value, '$.score') END,
       CASE WHEN mr.task = 'binary' THEN json_extract(j.value, '$.correct') END,
       CASE WHEN json_type(j.value, '$.rationale') = 'text' THEN json_extract(j.value, '$.rationale') ELSE '' END,
       CASE WHEN json_type(j.value, '$.evidence_s') = 'array' THEN json_extract(j.value, '$.evidence_s') ELSE '[]' END
FROM model_runs mr, json_each(mr.parsed, '$.steps') j
WHERE mr.parsed IS NOT NULL AND json_type(mr.parsed, '$.steps') = 'object' AND json_type(j.value) = 'object'
  AND ((mr.task = 'score' AND json_type(j.value, '$.score') IN ('integer', 'real') AND json_extract(j.value, '$.score') >= 0)
    OR (mr.task = 'binary' AND json_type(j.value, '$.correct') IN ('true', 'false')));
UPDATE model_runs
SET answer_extracted_from = CASE WHEN json_extract(parsed, '$.extractedFrom') IN ('whole', 'fenced', 'embedded')
                                 THEN json_extract(parsed, '$.extractedFrom') END,
    parsed = NULL
WHERE parsed IS NOT NULL;

CREATE TABLE model_step_trust (
  config_key TEXT NOT NULL,
  step_id    TEXT NOT NULL,
  n          INTEGER NOT NULL CHECK (n >= 0),
  metric     TEXT NOT NULL CHECK (metric IN ('qwk', 'mcc')),
  value      REAL,
  reason     TEXT,
  PRIMARY KEY (config_key, step_id)
) STRICT;
CREATE TABLE model_step_trust_state (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  fresh INTEGER NOT NULL CHECK (fresh IN (0, 1))
) STRICT;
INSERT INTO model_step_trust_state (id, fresh) VALUES (1, 0);

CREATE TRIGGER trust_stale_score_insert AFTER INSERT ON step_scores
WHEN NEW.source <> 'examiner'
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = NEW.recording_id AND m.rater_id = NEW.rater_id AND m.status = 'submitted')
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_score_update AFTER UPDATE ON step_scores
WHEN NEW.source <> 'examiner' OR OLD.source <> 'examiner'
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = NEW.recording_id AND m.rater_id = NEW.rater_id AND m.status = 'submitted')
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_score_delete AFTER DELETE ON step_scores
WHEN OLD.source <> 'examiner'
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = OLD.recording_id AND m.rater_id = OLD.rater_id AND m.status = 'submitted')
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_marking_insert AFTER INSERT ON markings WHEN NEW.status = 'submitted'
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_marking_update AFTER UPDATE ON markings WHEN OLD.status IS NOT NEW.status
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_marking_delete AFTER DELETE ON markings WHEN OLD.status = 'submitted'
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_adjudication_insert AFTER INSERT ON adjudications
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_adjudication_update AFTER UPDATE ON adjudications
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_adjudication_delete AFTER DELETE ON adjudications
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_rater_update AFTER UPDATE OF name, config ON raters
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_station_update AFTER UPDATE OF rubric_id, rubric_version ON stations
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_recording_change AFTER UPDATE OF station_id ON recordings
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
CREATE TRIGGER trust_stale_recording_delete AFTER DELETE ON recordings
BEGIN UPDATE model_step_trust_state SET fresh = 0 WHERE fresh = 1; END;
`;

// Model evaluation (issue 15). A correct/error suggestion an examiner accepts is kept as the
// model's verdict beside the examiner's own score, which it never sets by itself (except on a step
// whose only scores are 0 and full marks). Each examiner's step spans are kept apart, as marks are;
// step_spans stays the span of the step that clip scoring and feedback use (the latest one set).
const v9 = `
ALTER TABLE step_scores ADD COLUMN model_verdict TEXT
  CHECK (model_verdict IS NULL OR model_verdict IN ('correct', 'error'));

CREATE TABLE examiner_spans (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  step_id      TEXT NOT NULL,
  rater_id     INTEGER NOT NULL REFERENCES raters(id),
  start_s      REAL NOT NULL CHECK (start_s >= 0),
  end_s        REAL NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('review', 'import')),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (recording_id, step_id, rater_id),
  CHECK (end_s > start_s)
) STRICT;
CREATE INDEX examiner_spans_rater ON examiner_spans(rater_id);
INSERT INTO examiner_spans (recording_id, step_id, rater_id, start_s, end_s, source, updated_at)
SELECT recording_id, step_id, rater_id, start_s, end_s, 'review', updated_at FROM step_spans WHERE rater_id IS NOT NULL;
`;

const v10 = `
-- Each recording's review status (services/review/final-scores.ts defines it), stored so the review
-- list filters and pages in SQL. NULL means stale: the triggers below clear it in the same
-- transaction as any change it depends on, the service that wrote computes it again before
-- committing, and the list recomputes whatever is still stale before it reads.
CREATE TABLE recording_review_status (
  recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  status       TEXT CHECK (status IS NULL OR status IN
                 ('unmarked', 'suggestions_ready', 'marked_by_one', 'double_marked', 'disagreement', 'final'))
) STRICT;
CREATE INDEX recording_review_status_by_status ON recording_review_status(status);
INSERT INTO recording_review_status (recording_id, status) SELECT id, NULL FROM recordings;

CREATE TRIGGER review_status_recording_insert AFTER INSERT ON recordings
BEGIN INSERT INTO recording_review_status (recording_id, status) VALUES (NEW.id, 'unmarked'); END;
CREATE TRIGGER review_status_recording_station AFTER UPDATE OF station_id ON recordings
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = NEW.id; END;
CREATE TRIGGER review_status_station_rubric AFTER UPDATE OF rubric_id, rubric_version ON stations
BEGIN UPDATE recording_review_status SET status = NULL
  WHERE recording_id IN (SELECT id FROM recordings WHERE station_id = NEW.id); END;

-- An examiner's marks count once the marking is submitted; a model's suggestions count at once.
CREATE TRIGGER review_status_score_insert AFTER INSERT ON step_scores
WHEN NEW.source <> 'examiner'
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = NEW.recording_id AND m.rater_id = NEW.rater_id AND m.status = 'submitted')
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = NEW.recording_id; END;
CREATE TRIGGER review_status_score_update AFTER UPDATE ON step_scores
WHEN NEW.source <> 'examiner' OR OLD.source <> 'examiner' OR OLD.recording_id <> NEW.recording_id
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = NEW.recording_id AND m.rater_id = NEW.rater_id AND m.status = 'submitted')
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id IN (OLD.recording_id, NEW.recording_id); END;
CREATE TRIGGER review_status_score_delete AFTER DELETE ON step_scores
WHEN OLD.source <> 'examiner'
  OR EXISTS (SELECT 1 FROM markings m WHERE m.recording_id = OLD.recording_id AND m.rater_id = OLD.rater_id AND m.status = 'submitted')
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = OLD.recording_id; END;
CREATE TRIGGER review_status_marking_insert AFTER INSERT ON markings WHEN NEW.status = 'submitted'
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = NEW.recording_id; END;
CREATE TRIGGER review_status_marking_update AFTER UPDATE ON markings
WHEN OLD.status IS NOT NEW.status OR OLD.recording_id <> NEW.recording_id OR OLD.rater_id <> NEW.rater_id
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id IN (OLD.recording_id, NEW.recording_id); END;
CREATE TRIGGER review_status_marking_delete AFTER DELETE ON markings WHEN OLD.status = 'submitted'
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = OLD.recording_id; END;
CREATE TRIGGER review_status_adjudication_insert AFTER INSERT ON adjudications
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = NEW.recording_id; END;
CREATE TRIGGER review_status_adjudication_update AFTER UPDATE ON adjudications
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id IN (OLD.recording_id, NEW.recording_id); END;
CREATE TRIGGER review_status_adjudication_delete AFTER DELETE ON adjudications
BEGIN UPDATE recording_review_status SET status = NULL WHERE recording_id = OLD.recording_id; END;
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: v1 },
  { version: 2, name: 'model scoring runs: worker, supersession, one current run per key', sql: v2 },
  { version: 3, name: 'exam bundles: imported bundles, merge conflicts, imported audit chains', sql: v3 },
  { version: 4, name: 'recordings: proxy error, file status of referenced originals', sql: v4 },
  { version: 5, name: 'model providers: settings of each API or local server (keys live in secrets)', sql: v5 },
  { version: 6, name: 'record integrity: trusted bundle signers, bundle signer, per-session lead examiners', sql: v6 },
  { version: 7, name: 'provider capabilities; frames each model run sent, as sent', sql: v7 },
  {
    version: 8,
    name: 'model answers stored once, typed; per-step trust kept until marks or suggestions change',
    sql: v8,
  },
  { version: 9, name: 'accepted correct/error verdicts; step spans per examiner', sql: v9 },
  {
    version: 10,
    name: 'review status stored per recording, kept fresh by triggers and the writing services',
    sql: v10,
  },
];
