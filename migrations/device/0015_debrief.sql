-- The end-of-visit talk with the head of the place (issue 17, item 8): a record of its
-- visit, going where the visit goes. The office runs this migration too.
CREATE TABLE debrief (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    held_at TEXT, facility_participants TEXT, team_participants TEXT, points_raised TEXT, immediate_concerns TEXT
);
CREATE INDEX debrief_visit ON debrief (visit_id);
