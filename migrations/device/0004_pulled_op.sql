-- Ops a device pulled from the central office, kept by id only (16 bytes): the id is all
-- a device needs of them, to know a second arrival. The op itself stays at the office;
-- `op_log` holds the device's own ops (the outbox and the rejected changes are read from
-- their bodies), and, at the office, every op. An op pulled before this table existed
-- stays in `op_log`.
CREATE TABLE pulled_op (
    op_id BLOB PRIMARY KEY
) STRICT, WITHOUT ROWID;
