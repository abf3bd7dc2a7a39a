-- PostgreSQL only: which state of the searchable catalogue this is, so a process may keep a
-- search's count until the catalogue changes (catalogue/resources/repo/search_pg.rs). Counting
-- a common word's 11,000 matches through the GIN index is most of a search's time at 100,000
-- resources (about 4 ms, measured), and the same words are searched again and again.
--
-- `token` tells databases apart (a process may talk to several, as the tests do); `version`
-- goes up once in every transaction that writes `resource_search` (publishing, editing,
-- withdrawing or deleting a resource), committed with it. Once per transaction, not per
-- statement: a transaction that updates one row 100,000 times (seeding, a large import) walks
-- the chain of that row's versions each time, and took minutes.
--
-- A reader reads the version before it counts, so a kept count is never older than the
-- version it is kept under: a writer's rows and its new version become visible together.
CREATE TABLE resource_search_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO resource_search_version (id, token, version)
VALUES (1, md5(random()::text || clock_timestamp()::text), 0);

CREATE FUNCTION resource_search_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('partage.search_bumped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE resource_search_version SET version = version + 1 WHERE id = 1;
        -- `true`: until the end of this transaction.
        PERFORM set_config('partage.search_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER resource_search_bump
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON resource_search
FOR EACH STATEMENT EXECUTE FUNCTION resource_search_bump();
