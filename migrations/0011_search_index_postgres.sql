-- PostgreSQL only (Db::migrate skips it on SQLite): the catalogue's words as a tsvector with a
-- GIN index over the published resources. `search_text` is already folded in Rust (no accents,
-- lower case, singular stems: catalogue/search.rs), the same words SQLite indexes, so the
-- 'simple' configuration (split, no stemming, no stop words) keeps both databases' answers
-- identical; `unaccent` would have nothing left to do.
ALTER TABLE resources
    ADD COLUMN search_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX resources_search_idx ON resources USING GIN (search_words)
    WHERE status = 'published';
-- The title's words on their own: a search puts the titles holding every word first, and
-- finds those from this index, not by reading every match.
ALTER TABLE resources
    ADD COLUMN title_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_title)) STORED;
CREATE INDEX resources_title_search_idx ON resources USING GIN (title_words)
    WHERE status = 'published';
