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
