-- SQLite only (Db::migrate skips it on PostgreSQL): the published catalogue's words in an FTS5
-- index, so a search looks words up instead of scanning every row, and counts and pages its
-- matches without reading the resources themselves. The words are already folded
-- (catalogue/search.rs), so the tokenizer only splits them. Two columns: the title (a title
-- holding every word ranks first) and every word of the resource, followed by its category
-- and region as tokens of their own (« zzcfreezer », « zzr06 »), so those two filters are
-- part of the index's query too. Contentless: the words live in `resources`.
--
-- FTS5 rows are keyed by integers and a resource's implicit rowid may change on VACUUM, so a
-- published resource gets a stable key here; a new key on each publication, so keys run in
-- the order resources were published (newest first is `ORDER BY key DESC`).
CREATE TABLE resource_search_keys (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE resource_search USING fts5 (
    title,
    words,
    content = '',
    contentless_delete = 1,
    prefix = '2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO resource_search_keys (resource_id)
    SELECT id FROM resources WHERE status = 'published' ORDER BY published_at, id;
INSERT INTO resource_search (rowid, title, words)
    SELECT k.key, r.search_title,
           r.search_text || ' zzc' || replace(r.category, '_', '') || ' zzr' || r.region
    FROM resource_search_keys k JOIN resources r ON r.id = k.resource_id;

-- Published: a new key, then its words.
CREATE TRIGGER resource_search_publish AFTER INSERT ON resources
WHEN new.status = 'published' BEGIN
    INSERT INTO resource_search_keys (resource_id) VALUES (new.id);
    INSERT INTO resource_search (rowid, title, words)
        SELECT key, new.search_title,
               new.search_text || ' zzc' || replace(new.category, '_', '') || ' zzr' || new.region
        FROM resource_search_keys WHERE resource_id = new.id;
END;

CREATE TRIGGER resource_search_republish AFTER UPDATE OF status ON resources
WHEN new.status = 'published' AND old.status <> 'published' BEGIN
    INSERT INTO resource_search_keys (resource_id) VALUES (new.id);
    INSERT INTO resource_search (rowid, title, words)
        SELECT key, new.search_title,
               new.search_text || ' zzc' || replace(new.category, '_', '') || ' zzr' || new.region
        FROM resource_search_keys WHERE resource_id = new.id;
END;

-- Out of the catalogue (paused, archived, back to draft): out of the index.
CREATE TRIGGER resource_search_withdraw AFTER UPDATE OF status ON resources
WHEN old.status = 'published' AND new.status <> 'published' BEGIN
    DELETE FROM resource_search
        WHERE rowid = (SELECT key FROM resource_search_keys WHERE resource_id = old.id);
    DELETE FROM resource_search_keys WHERE resource_id = old.id;
END;

-- Edited while published: the same key, the new words.
CREATE TRIGGER resource_search_edit
AFTER UPDATE OF search_text, search_title, category, region ON resources
WHEN old.status = 'published' AND new.status = 'published' BEGIN
    DELETE FROM resource_search
        WHERE rowid = (SELECT key FROM resource_search_keys WHERE resource_id = old.id);
    INSERT INTO resource_search (rowid, title, words)
        SELECT key, new.search_title,
               new.search_text || ' zzc' || replace(new.category, '_', '') || ' zzr' || new.region
        FROM resource_search_keys WHERE resource_id = new.id;
END;

CREATE TRIGGER resource_search_delete AFTER DELETE ON resources
WHEN old.status = 'published' BEGIN
    DELETE FROM resource_search
        WHERE rowid = (SELECT key FROM resource_search_keys WHERE resource_id = old.id);
    DELETE FROM resource_search_keys WHERE resource_id = old.id;
END;
