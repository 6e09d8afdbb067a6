-- The device replica: one table per entity (columns = the entity's fields in vigil-core,
-- checked by a test), the op log and the outbox, conflicts, and search.
--
-- Every record table carries the same bookkeeping columns:
--   rev        how many ops of the record this replica has applied
--   clock      JSON: field -> [hlc, device_id, op_id] of the field's winning version
--   conflicts  how many losing versions wait in `conflict` (0 almost always)
--   created_at, created_by   from the op that created the record
--   deleted    the tombstone, an ordinary field

CREATE TABLE replica (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE op_log (
    local_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id      TEXT NOT NULL UNIQUE,
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    hlc        TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
) STRICT;

-- Ops made on this device that the central office has not answered yet. Apart from the
-- log, so the log's rows are written once and never rewritten.
CREATE TABLE outbox (
    local_seq INTEGER PRIMARY KEY REFERENCES op_log (local_seq)
) STRICT;

CREATE TABLE conflict (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    hlc       TEXT NOT NULL,
    device_id TEXT NOT NULL,
    op_id     TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, hlc, device_id)
) STRICT;

CREATE TABLE facility (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT, kind TEXT, region TEXT, address TEXT, latitude REAL, longitude REAL,
    authority TEXT, capacity INTEGER, population INTEGER, contact TEXT
);

CREATE TABLE team (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT, region TEXT
);

CREATE TABLE user (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    name TEXT, email TEXT, role TEXT, team_ids TEXT, profession TEXT
);

CREATE TABLE checklist_template (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    kind TEXT, version INTEGER, title TEXT, sections TEXT
);

CREATE TABLE visit (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    facility_id TEXT REFERENCES facility (id) DEFERRABLE INITIALLY DEFERRED,
    team_id TEXT REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
    template_id TEXT REFERENCES checklist_template (id) DEFERRABLE INITIALLY DEFERRED,
    visit_type TEXT, unannounced INTEGER, status TEXT, planned_on TEXT,
    arrived_at TEXT, access_granted_at TEXT, departed_at TEXT, theme TEXT, no_names INTEGER, summary TEXT
);
CREATE INDEX visit_facility ON visit (facility_id, arrived_at);

-- The children of a visit, each pointing at it.
CREATE TABLE visit_member (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    user_id TEXT REFERENCES user (id) DEFERRABLE INITIALLY DEFERRED,
    areas TEXT
);
CREATE INDEX visit_member_visit ON visit_member (visit_id);

CREATE TABLE checklist_answer (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    question_key TEXT, value TEXT, note TEXT
);
CREATE INDEX checklist_answer_visit ON checklist_answer (visit_id);

CREATE TABLE observation (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    area TEXT, severity TEXT, text TEXT, attachment_ids TEXT, confidential INTEGER
);
CREATE INDEX observation_visit ON observation (visit_id);

CREATE TABLE interview (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    pseudonym TEXT, group_interview INTEGER, consent_to_use INTEGER, consent_to_quote INTEGER,
    consent_to_refer INTEGER, interpreter TEXT, reprisal_risk INTEGER, content TEXT
);
CREATE INDEX interview_visit ON interview (visit_id);

CREATE TABLE register_check (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    register TEXT, sample_size INTEGER, discrepancies INTEGER, notes TEXT
);
CREATE INDEX register_check_visit ON register_check (visit_id);

-- Recommendations and their assessments are the place's history, shared with every team
-- that monitors it: the visit that made or verified one may be another team's and absent
-- from this replica, so those links carry no foreign key.
CREATE TABLE recommendation (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT,
    facility_id TEXT REFERENCES facility (id) DEFERRABLE INITIALLY DEFERRED,
    text TEXT, authority TEXT, area TEXT, priority TEXT, due_on TEXT, finding_ids TEXT, response TEXT
);
CREATE INDEX recommendation_visit ON recommendation (visit_id);
CREATE INDEX recommendation_facility ON recommendation (facility_id);

CREATE TABLE recommendation_assessment (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    recommendation_id TEXT REFERENCES recommendation (id) DEFERRABLE INITIALLY DEFERRED,
    visit_id TEXT,
    status TEXT, evidence TEXT, assessed_on TEXT
);
CREATE INDEX recommendation_assessment_recommendation ON recommendation_assessment (recommendation_id, assessed_on);
CREATE INDEX recommendation_assessment_visit ON recommendation_assessment (visit_id);

CREATE TABLE attachment (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    sha256 TEXT, mime TEXT, size INTEGER, file_name TEXT
);
CREATE INDEX attachment_visit ON attachment (visit_id);

CREATE TABLE review_comment (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    target_entity TEXT, target_id TEXT, reply_to TEXT, body TEXT, author_id TEXT
);
CREATE INDEX review_comment_visit ON review_comment (visit_id);

CREATE TABLE audit_event (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    seq INTEGER, at TEXT, actor_id TEXT, device_id TEXT, action TEXT, target_entity TEXT, target_id TEXT, details TEXT,
    prev_hash TEXT, hash TEXT
);
CREATE INDEX audit_event_chain ON audit_event (device_id, seq);

-- A recommendation's current status is its latest assessment's; never assessed means open.
CREATE VIEW recommendation_current AS
SELECT r.*,
       (SELECT a.status FROM recommendation_assessment a
         WHERE a.recommendation_id = r.id AND a.deleted = 0
         ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS current_status
  FROM recommendation r
 WHERE r.deleted = 0;

-- Full-text search over findings and recommendations (interviews are never indexed).
-- Each write of an indexed record notes its row in `search_pending`; the store folds the
-- noted rows into the index once per transaction, because FTS5 flushes its pending terms
-- at every statement that touches it, and a flush per row makes bulk sync many times
-- slower. (Done by the store's one write path rather than triggers: a trigger makes every
-- insert keep a statement journal.)
CREATE VIRTUAL TABLE observation_fts USING fts5 (text);
CREATE VIRTUAL TABLE recommendation_fts USING fts5 (text);
CREATE TABLE search_pending (
    entity TEXT NOT NULL,
    row    INTEGER NOT NULL,
    PRIMARY KEY (entity, row)
) STRICT, WITHOUT ROWID;
