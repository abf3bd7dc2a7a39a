-- A message may carry one file: an image (kept as a large copy and a thumbnail, re-encoded
-- like a resource's photos) or a PDF (kept as sent, served as a download). Its name is the one
-- it was sent with, cleaned; its bytes live in the file store under the attachment's id.
CREATE TABLE message_attachments (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('image', 'pdf')),
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    width BIGINT,
    height BIGINT,
    created_at BIGINT NOT NULL
);
