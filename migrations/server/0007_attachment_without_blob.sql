-- Attachments a device pushed without their bytes: it declared the blob set aside (its
-- file is gone or damaged there). They are records like any other, but they grant no one
-- a sight of the blob (else naming a hash would be a way to fetch a colleague's photo),
-- until the device that pushed them uploads those bytes itself.
CREATE TABLE attachment_without_blob (
    attachment_id TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    device_id     TEXT NOT NULL
) STRICT;
CREATE INDEX attachment_without_blob_upload ON attachment_without_blob (sha256, device_id);
