-- Uploads per device. A partial upload belongs to the device that started it (its bytes
-- in DIR/blobs/SHA.DEVICE.part), so no other device can add to it, and a device learns
-- only of its own uploads: knowing a hash never tells it whether the office holds
-- someone else's photo. `bytes` is what the office holds of the upload, counted against
-- the device's quota until `completed_at` is set (its bytes matched the hash); an
-- unfinished upload older than the office's limit is deleted.
CREATE TABLE blob_upload (
    sha256       TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (sha256, device_id)
) STRICT;
CREATE INDEX blob_upload_unfinished ON blob_upload (device_id, started_at) WHERE completed_at IS NULL;
CREATE INDEX blob_upload_started ON blob_upload (started_at) WHERE completed_at IS NULL;
-- The device that brought each blob so far uploaded it; a shared partial upload of
-- before (DIR/blobs/SHA.part) is abandoned, and its device starts again from byte 0.
INSERT INTO blob_upload (sha256, device_id, started_at, bytes, completed_at)
    SELECT sha256, device_id, completed_at, size, completed_at FROM blob;
-- A device reads a blob through the attachments that name it.
CREATE INDEX attachment_sha256 ON attachment (sha256);
