-- Local ops the central office refused for good, with its reason: shown to a person,
-- never retried, never silently dropped (the op itself stays in op_log).
CREATE TABLE rejected (
    op_id  TEXT PRIMARY KEY REFERENCES op_log (op_id),
    code   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
) STRICT;
