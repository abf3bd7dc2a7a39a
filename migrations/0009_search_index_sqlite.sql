-- SQLite only (Db::migrate skips it on PostgreSQL): the catalogue's words in an FTS5 index with
-- prefix indexes, so a search looks words up instead of scanning every row. `search_text` is
-- already folded (no accents, lower case, singular stems: catalogue/search.rs), so the
-- tokenizer only splits words. The index is contentless (the words live in `resources`).
--
-- FTS5 rows are keyed by integers and a resource's implicit rowid may change on VACUUM, so
-- each resource gets a stable integer key of its own here.
CREATE TABLE resource_search_keys (
    key INTEGER PRIMARY KEY,
    resource_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE resource_search USING fts5 (
    words,
    content = '',
    contentless_delete = 1,
    prefix = '2 3 4',
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO resource_search_keys (resource_id) SELECT id FROM resources;
INSERT INTO resource_search (rowid, words)
    SELECT k.key, r.search_text FROM resource_search_keys k JOIN resources r ON r.id = k.resource_id;

CREATE TRIGGER resource_search_insert AFTER INSERT ON resources BEGIN
    INSERT INTO resource_search_keys (resource_id) VALUES (new.id);
    INSERT INTO resource_search (rowid, words)
        SELECT key, new.search_text FROM resource_search_keys WHERE resource_id = new.id;
END;

CREATE TRIGGER resource_search_update AFTER UPDATE OF search_text ON resources BEGIN
    DELETE FROM resource_search
        WHERE rowid = (SELECT key FROM resource_search_keys WHERE resource_id = old.id);
    INSERT INTO resource_search (rowid, words)
        SELECT key, new.search_text FROM resource_search_keys WHERE resource_id = new.id;
END;

CREATE TRIGGER resource_search_delete AFTER DELETE ON resources BEGIN
    DELETE FROM resource_search
        WHERE rowid = (SELECT key FROM resource_search_keys WHERE resource_id = old.id);
    DELETE FROM resource_search_keys WHERE resource_id = old.id;
END;
