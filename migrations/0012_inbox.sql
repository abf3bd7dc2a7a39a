-- The inbox: conversations between two organizations about one thing (a resource, a need or a
-- booking), whose every member of either side reads and writes.

-- `opened_by_org_id` wrote first; `with_org_id` owns the subject (the resource's or the need's
-- organization; for a booking, the requester opens, the owner receives). One conversation per
-- subject and pair. `last_seq` numbers the conversation's messages: each send takes the row
-- (an update, so PostgreSQL writers serialize on it and SQLite's write lock already holds),
-- bumps it and writes the message with it, so a reader that saw message n catches up with
-- exactly the messages after n, whatever order transactions committed in.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    opened_by_org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    with_org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('resource', 'need', 'booking')),
    subject_id TEXT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (opened_by_org_id <> with_org_id)
);
CREATE UNIQUE INDEX conversations_subject_key
    ON conversations (subject_kind, subject_id, opened_by_org_id, with_org_id);

-- Each side's state: who of its members handles it, and how far the organization has read
-- (its read receipt, « Lu par … à 14 h 02 »).
CREATE TABLE conversation_sides (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    assignee_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    read_seq BIGINT NOT NULL DEFAULT 0,
    read_at BIGINT,
    PRIMARY KEY (conversation_id, org_id)
);
CREATE INDEX conversation_sides_org_idx ON conversation_sides (org_id, conversation_id);

-- How far each person has read, for their unread counts.
CREATE TABLE conversation_reads (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_seq BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);

-- A message: written by a member for their organization, or by the platform (`system`: a
-- booking's events, with their details in `payload`). A deleted message keeps its place and
-- loses its text (`deleted_at`).
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'system')),
    org_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    UNIQUE (conversation_id, seq)
);
