-- After a restore from a backup the office cannot know which devices were revoked after the
-- snapshot: every device waits for an administrator's confirmation (`unconfirmed_since`,
-- the restore's time) and is refused (`device_unconfirmed`) until then. `restored_from`
-- is the time the backup an epoch was restored from was made.
ALTER TABLE device ADD COLUMN unconfirmed_since TEXT;
ALTER TABLE office_epoch ADD COLUMN restored_from TEXT;
