-- The ops that made or changed attachments, by their place in the log: before every push
-- a sync looks for the photos those waiting in the outbox refer to, and without this
-- index it read every op in the outbox (all 10,000 of a long offline stretch).
CREATE INDEX op_log_attachment ON op_log (local_seq) WHERE entity = 'attachment';
