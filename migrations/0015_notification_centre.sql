-- One notification centre: messages join matches and booking events there; each person
-- chooses how email tells them (each event, one digest a day, or none); an unanswered message
-- is emailed after a quarter of an hour, at most once an hour per conversation and person;
-- every such email carries a signed link to stop them.

-- A person's choice (no row: each event). `digest_sent_at` is when their last daily digest
-- was taken, by one process only.
CREATE TABLE email_preferences (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    frequency TEXT NOT NULL DEFAULT 'each' CHECK (frequency IN ('each', 'daily', 'off')),
    digest_sent_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX email_preferences_daily_idx ON email_preferences (frequency, digest_sent_at);

-- The last email about unread messages of a conversation sent to a person: up to which
-- message, and when.
CREATE TABLE message_emails (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- Keys the server signs links with, made on first use and shared by every process.
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX conversations_last_message_idx ON conversations (last_message_at);
