-- The central office's own tables, beside the replica of every team's records.

-- Enrolled devices. The token is kept only as its SHA-256; `last_seq` is the last
-- device_seq received, so a gap is seen at once.
CREATE TABLE device (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT UNIQUE,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT,
    last_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One-time enrolment codes, kept hashed.
CREATE TABLE enrol_code (
    code_hash  TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

-- Accepted ops in the one global order devices pull by. The office applies ops in
-- acceptance order through one writer, so an op's position in the office's op log is its
-- global sequence number, and the op itself is not copied. `team_id` scopes who may see
-- a change; NULL means every device (places, checklists, teams, users, recommendations).
CREATE TABLE change (
    seq     INTEGER PRIMARY KEY REFERENCES op_log (local_seq),
    team_id TEXT
) STRICT;

-- Ops refused for good and the reason given, so a replayed push gets the same answer
-- (an accepted op's answer is its row in `change`).
CREATE TABLE rejection (
    op_id      TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    code       TEXT NOT NULL,
    reason     TEXT NOT NULL
) STRICT;

-- Photos and documents, addressed by the SHA-256 of their bytes. The bytes live in
-- files (DIR/blobs/SHA, DIR/blobs/SHA.part while an upload is under way); this index
-- records the complete ones and which device brought each.
CREATE TABLE blob (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    device_id    TEXT NOT NULL,
    completed_at TEXT NOT NULL
) STRICT;
