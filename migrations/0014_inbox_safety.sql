-- Safety in the inbox: an organization may block another from writing to it, a member may
-- report a conversation to the platform's admins, and each person's sends are counted for the
-- rate limit (the index below).

-- `org_id` no longer receives messages from `blocked_org_id` (nor writes to it while the block
-- stands); either side's thread says so.
CREATE TABLE organization_blocks (
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    blocked_org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, blocked_org_id),
    CHECK (org_id <> blocked_org_id)
);

-- A report, open until a platform admin marks it handled. One open report per conversation and
-- reporting organization: reporting again while one is open changes nothing.
CREATE TABLE conversation_reports (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX conversation_reports_open_key
    ON conversation_reports (conversation_id, org_id) WHERE resolved_at IS NULL;
CREATE INDEX conversation_reports_created_idx ON conversation_reports (created_at);

CREATE INDEX messages_author_idx ON messages (user_id, created_at);
