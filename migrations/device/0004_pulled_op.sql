-- Ops a device pulled from the central office, kept by id and author only (16 bytes each):
-- the id is what a device needs to know a second arrival, the author to name who wrote a
-- value in a conflict. The op itself stays at the office;
-- `op_log` holds the device's own ops (the outbox and the rejected changes are read from
-- their bodies), and, at the office, every op. An op pulled before this table existed
-- stays in `op_log`.
CREATE TABLE pulled_op (
    op_id  BLOB PRIMARY KEY,
    author BLOB NOT NULL
) STRICT, WITHOUT ROWID;
