-- PostgreSQL only (Db::migrate skips it on SQLite): the published catalogue's words move from
-- two generated columns of `resources` to a narrow table of their own, as SQLite's FTS5 index
-- is a table of its own (0010). Measured at 100,000 resources: checking a prefix query
-- against the wide rows of `resources` cost 15 µs a match (150 ms for « congelateur », 10,000
-- matches), against this table's rows about 2 µs; and the newest-first index of a narrow table
-- walks 2,000 rows in about 2 ms, which answers a common word's first pages without reading
-- its every match (catalogue/resources/repo/search.rs).
--
-- Like SQLite's, the words end with the category and the region as tokens of their own
-- (« zzcfreezer », « zzr06 »), so those filters are part of the text query too; `title` holds
-- the title's words only (a title holding every word ranks first).
ALTER TABLE resources DROP COLUMN search_words;
ALTER TABLE resources DROP COLUMN title_words;

CREATE TABLE resource_search (
    resource_id TEXT PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    published_at BIGINT NOT NULL,
    title tsvector NOT NULL,
    words tsvector NOT NULL
);
CREATE INDEX resource_search_words_idx ON resource_search USING GIN (words);
CREATE INDEX resource_search_title_idx ON resource_search USING GIN (title);
CREATE INDEX resource_search_newest_idx ON resource_search (published_at DESC, resource_id DESC);

-- Published: in the table, with its current words; anything else: out of it. A deleted
-- resource leaves with its row (the foreign key cascades).
CREATE FUNCTION resource_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'published' THEN
        INSERT INTO resource_search (resource_id, published_at, title, words)
        VALUES (
            NEW.id,
            COALESCE(NEW.published_at, 0),
            to_tsvector('simple', NEW.search_title),
            to_tsvector('simple', NEW.search_text || ' zzc' || replace(NEW.category, '_', '')
                || ' zzr' || NEW.region)
        )
        ON CONFLICT (resource_id) DO UPDATE SET
            published_at = excluded.published_at,
            title = excluded.title,
            words = excluded.words;
    ELSE
        DELETE FROM resource_search WHERE resource_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER resource_search_sync
AFTER INSERT OR UPDATE OF status, published_at, search_text, search_title, category, region
ON resources FOR EACH ROW EXECUTE FUNCTION resource_search_sync();

INSERT INTO resource_search (resource_id, published_at, title, words)
SELECT id, COALESCE(published_at, 0), to_tsvector('simple', search_title),
    to_tsvector('simple', search_text || ' zzc' || replace(category, '_', '') || ' zzr' || region)
FROM resources WHERE status = 'published';
