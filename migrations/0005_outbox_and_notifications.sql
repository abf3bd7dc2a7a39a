-- Side effects commit with their cause. An email is a row written in the transaction of the
-- change that causes it; a worker inside the server delivers it afterwards, with retries and
-- backoff, taking rows with FOR UPDATE SKIP LOCKED on PostgreSQL so two processes never send one
-- twice. `body` holds the live message until it is delivered; `kept_body` is the copy without its
-- single-use links, which replaces it once a relay has it (a demo outbox keeps the live one).
ALTER TABLE outbox ADD COLUMN kept_body TEXT;
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN locked_until BIGINT;
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
-- Emails written before the worker existed were delivered (or given up) on the spot.
UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL AND transport = 'outbox';
UPDATE outbox SET failed_at = created_at WHERE sent_at IS NULL;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Notifications are their own domain: a kind, what it is about (a subject and, for some kinds,
-- a related record), where opening it leads, and a JSON payload, for an organization and/or a
-- person. Match notices move here from the catalogue's table; bookings and messages add kinds.
ALTER TABLE notifications RENAME TO match_notices_0002;
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    org_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    subject_id TEXT NOT NULL,
    related_id TEXT,
    link TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    -- Kinds told at most once (a match) carry a key; others leave it empty.
    once_key TEXT,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    CONSTRAINT notifications_recipient_check CHECK (org_id IS NOT NULL OR user_id IS NOT NULL)
);
INSERT INTO notifications (id, kind, org_id, user_id, subject_id, related_id, link, payload,
    once_key, created_at, read_at)
SELECT id, kind, org_id, NULL, need_id, resource_id, '/besoins/' || need_id, '{}',
    kind || ':' || org_id || ':' || need_id || ':' || resource_id, created_at, read_at
FROM match_notices_0002;
DROP TABLE match_notices_0002;
CREATE UNIQUE INDEX notifications_once_key ON notifications (once_key);
CREATE INDEX notifications_org_idx ON notifications (org_id, read_at, created_at);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at, created_at);
