-- Photos of resources. The files (a large copy and a 4:3 thumbnail, both re-encoded JPEG with
-- no metadata) live in the file store under the photo's id; this table holds their order, alt
-- text and size. `position` orders a resource's photos (the lowest is the cover); its
-- uniqueness makes two uploads at the same instant take different places.

CREATE TABLE resource_photos (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    alt_text TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (resource_id, position)
);
