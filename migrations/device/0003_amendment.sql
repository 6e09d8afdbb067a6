-- Corrections to approved visits: kept beside the approved content, never edited.
CREATE TABLE amendment (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    target_entity TEXT, target_id TEXT, body TEXT, author_id TEXT, made_at TEXT
);
CREATE INDEX amendment_visit ON amendment (visit_id);
