-- The office's web console (issue 14). Office staff are `user` records; these tables are
-- the office's alone and never sync to a device.

-- A web user's password, as an Argon2id PHC string, and the count of failed sign-ins since
-- the last good one: past the limit the account is locked until `locked_until`.
CREATE TABLE web_credential (
    user_id         TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    changed_at      TEXT NOT NULL
) STRICT;

-- Console sessions: the cookie's random token and the session's CSRF token, both kept only
-- as SHA-256. A session ends at `expires_at`, at sign-out, or when its user is retired.
CREATE TABLE web_session (
    token_hash TEXT PRIMARY KEY,
    csrf_hash  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX web_session_user ON web_session (user_id);

-- People who left the office: they cannot sign in or enrol, and their devices were
-- revoked when they were retired. Their records stay (visits name them).
CREATE TABLE retired_user (
    user_id    TEXT PRIMARY KEY,
    retired_at TEXT NOT NULL,
    retired_by TEXT NOT NULL
) STRICT;

-- The office's own audit chain for what happens in the console and at enrolment: sign-ins,
-- people and devices changed, codes issued, devices enrolled and revoked. Hashed and linked
-- as a device's chain is (`vigil_core::audit`), but kept apart from the devices' chains,
-- which sync, so those stay exactly as their devices wrote them.
CREATE TABLE office_audit (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    action        TEXT NOT NULL,
    target_entity TEXT,
    target_id     TEXT,
    details       TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

-- When each device last reached the office, and the app version it named then.
ALTER TABLE device ADD COLUMN last_seen_at TEXT;
ALTER TABLE device ADD COLUMN app_version TEXT;
