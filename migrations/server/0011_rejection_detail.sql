-- A refusal's parameters (vigil_core::Detail as JSON), so a replayed push gets them again.
ALTER TABLE rejection ADD COLUMN detail TEXT;
