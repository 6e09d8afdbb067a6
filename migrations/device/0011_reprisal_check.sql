-- A later visit's check on a person an earlier interview flagged at risk of reprisal
-- (issue 17, item 5). Goes where interviews go: the team's devices, never an administrator's.
CREATE TABLE reprisal_check (
    id TEXT PRIMARY KEY, rev INTEGER NOT NULL DEFAULT 0, clock TEXT NOT NULL DEFAULT '{}',
    conflicts INTEGER NOT NULL DEFAULT 0, created_at TEXT, created_by TEXT, deleted INTEGER NOT NULL DEFAULT 0,
    visit_id TEXT REFERENCES visit (id) DEFERRABLE INITIALLY DEFERRED,
    interview_id TEXT REFERENCES interview (id) DEFERRABLE INITIALLY DEFERRED,
    outcome TEXT, checked_on TEXT, note TEXT, observation_id TEXT
);
CREATE INDEX reprisal_check_visit ON reprisal_check (visit_id);
CREATE INDEX reprisal_check_interview ON reprisal_check (interview_id);
CREATE INDEX reprisal_check_observation ON reprisal_check (observation_id);
