-- Who may pull an op, kept on its row in the log: at the central office, `*` (every
-- device: places, checklists, teams, users, recommendations) or the id of the one team
-- whose devices see it; NULL for an op no device pulls (every op a device logs: its own).
-- The office's separate table of changes goes (its server migration 0003), so accepting
-- an op writes one row, not two.
ALTER TABLE op_log ADD COLUMN scope TEXT;
