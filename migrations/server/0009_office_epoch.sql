-- The office's incarnations. The first begins with the office; each restore from a backup
-- begins another, after the last op of the restored log (`after_seq`): up to it the log is
-- the one every earlier incarnation's devices were sent, beyond it sequence numbers are
-- handed out again. A device names the epoch it last pulled in, and the office moves its
-- cursor back to the `after_seq` of the first incarnation after that one (to 0 if it does
-- not know the epoch: one begun after the snapshot it was restored from).
CREATE TABLE office_epoch (
    epoch     TEXT PRIMARY KEY,
    after_seq INTEGER NOT NULL,
    began_at  TEXT NOT NULL
) STRICT;

-- Backups made of this office (by `vigil-server backup` or on the schedule of `serve`),
-- for the administrator to see when the last one was made and how big it was.
CREATE TABLE office_backup (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    file    TEXT NOT NULL,
    bytes   INTEGER NOT NULL,
    millis  INTEGER NOT NULL
) STRICT;
