-- A place's own time zone (IANA name, issue 16): visit times are shown and reported in it.
-- NULL: the device's zone. The office's facility table takes the same column.
ALTER TABLE facility ADD COLUMN time_zone TEXT;
