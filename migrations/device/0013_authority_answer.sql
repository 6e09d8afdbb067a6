-- What follows an approved visit's report (issue 17, items 3 and 4): the office's settings
-- (the authority's answer deadline), the report's versions sent to the authority, the
-- authority's answers and the steps of their action plans. Every device receives them.
CREATE TABLE office_setting (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    key TEXT, value INTEGER
);

CREATE TABLE report_version (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT, stage TEXT, dated_on TEXT, note TEXT, attachment_id TEXT
);
CREATE INDEX report_version_visit ON report_version (visit_id);
CREATE INDEX report_version_attachment ON report_version (attachment_id);

CREATE TABLE authority_answer (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    recommendation_id TEXT REFERENCES recommendation (id) DEFERRABLE INITIALLY DEFERRED,
    visit_id TEXT, received_on TEXT, position TEXT, text TEXT, letter_id TEXT
);
CREATE INDEX authority_answer_recommendation ON authority_answer (recommendation_id);
CREATE INDEX authority_answer_visit ON authority_answer (visit_id);
CREATE INDEX authority_answer_letter ON authority_answer (letter_id);

CREATE TABLE action_step (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    answer_id TEXT REFERENCES authority_answer (id) DEFERRABLE INITIALLY DEFERRED,
    visit_id TEXT, text TEXT, due_on TEXT, done_on TEXT
);
CREATE INDEX action_step_answer ON action_step (answer_id);
