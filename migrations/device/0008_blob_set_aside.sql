-- Photos and documents this device could not send: the file is gone or damaged (it does
-- not decrypt, or its bytes no longer match their hash). Set aside with the reason rather
-- than stopping every sync; tried again at each sync, and the row goes once it is sent.
CREATE TABLE blob_set_aside (
    sha256 TEXT PRIMARY KEY,
    code   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
) STRICT;
