-- An enrolment code an administrator gave to re-enrol a device names that device: only
-- such a code may take over an id the office knows (any other enrolment with a known id
-- is refused), so a device id is never reassigned by whoever holds an ordinary code.
ALTER TABLE enrol_code ADD COLUMN replaces_device TEXT;
