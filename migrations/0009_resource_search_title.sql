-- A resource's title folded like `search_text` (no accents, lower case, singular stems:
-- catalogue/search.rs): a search puts the resources whose title holds every word first. The
-- application writes it with the title; rows from before get their title in lower case.
ALTER TABLE resources ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
UPDATE resources SET search_title = ' ' || lower(title) || ' ';
