-- The global change sequence is the op log itself: an op's position in the log is its
-- sequence number, and its `scope` (device migration 0005) says who may pull it. An op
-- without a row in `change` was never served and keeps a NULL scope, so it never is.
UPDATE op_log SET scope = (SELECT COALESCE(c.team_id, '*') FROM change c WHERE c.seq = op_log.local_seq);
DROP TABLE change;
