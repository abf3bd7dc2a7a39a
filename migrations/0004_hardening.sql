-- Sign-in attempts are written before the password is checked, so that simultaneous guesses
-- count each other; an attempt from a browser that signed in to the account before carries
-- that browser's (hashed) device token and counts against that browser alone.
ALTER TABLE sign_in_failures ADD COLUMN device_hash TEXT;
CREATE INDEX sign_in_failures_device_idx ON sign_in_failures (device_hash, at);

-- Browsers where a person signed in successfully (OWASP's "device cookies"): guesses from
-- anywhere else cannot lock the owner out of them.
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX trusted_devices_user_idx ON trusted_devices (user_id);

-- Every email a person can make Partage send (a link to confirm, to reset, an invitation),
-- written before it goes: limits per recipient and per sender are counted here, by requests
-- that take turns per key (see `mail::reserve_email`).
CREATE TABLE email_sends (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    sender_id TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX email_sends_recipient_idx ON email_sends (recipient, kind, at);
CREATE INDEX email_sends_sender_idx ON email_sends (sender_id, kind, at);
