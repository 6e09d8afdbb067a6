-- Visits whose interview contents and photo bytes this device removed after the office's
-- retention period (vigil_core::retention). The device's alone: the office keeps
-- everything. A visit listed here keeps its interviews' contents empty even when an op
-- pulled later carries them, and its photos are not fetched again.
CREATE TABLE retention_purge (
    visit_id   TEXT PRIMARY KEY,
    -- When the visit was approved (the approval the period counts from) and when it left.
    approved_at TEXT NOT NULL,
    purged_at  TEXT NOT NULL,
    interviews INTEGER NOT NULL,
    blobs      INTEGER NOT NULL
) STRICT;
