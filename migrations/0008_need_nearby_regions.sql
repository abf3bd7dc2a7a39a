-- A need may welcome resources from the regions next to its own (« région voisine »); matching
-- never goes farther.
ALTER TABLE needs ADD COLUMN nearby BIGINT NOT NULL DEFAULT 0;
