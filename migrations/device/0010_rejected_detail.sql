-- What the office's refusal of a change is about, as parameters the app words in the
-- person's language (issue 16); NULL for refusals kept before, or from an older office.
ALTER TABLE rejected ADD COLUMN detail TEXT;
