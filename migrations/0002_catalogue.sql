-- The catalogue: resources an organization shares, needs it posts, and the match notices that
-- tell both sides when they fit. Portable SQL (SQLite and PostgreSQL); instants are Unix
-- milliseconds, booleans BIGINT 0/1, calendar dates ISO text (YYYY-MM-DD, local dates).

CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'paused', 'archived')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    access_notes TEXT NOT NULL DEFAULT '',
    -- Facts by category (NULL: not given or not relevant).
    area_m2 BIGINT,
    work_stations BIGINT,
    mapaq_permit BIGINT NOT NULL DEFAULT 0,
    equipment TEXT NOT NULL DEFAULT '',
    temp_min_c BIGINT,
    temp_max_c BIGINT,
    pallet_spots BIGINT,
    refrigerated BIGINT NOT NULL DEFAULT 0,
    payload_kg BIGINT,
    volume_m3 BIGINT,
    licence_class TEXT NOT NULL DEFAULT '',
    seats BIGINT,
    skill TEXT NOT NULL DEFAULT '',
    hours_per_week BIGINT,
    -- Pricing (cents) and capacity (units bookable at once).
    price_unit TEXT NOT NULL DEFAULT 'free',
    price_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    deposit_cents BIGINT NOT NULL DEFAULT 0 CHECK (deposit_cents >= 0),
    capacity BIGINT NOT NULL DEFAULT 1 CHECK (capacity >= 1),
    -- Booking rules the calendar uses.
    approval_required BIGINT NOT NULL DEFAULT 1,
    min_minutes BIGINT,
    max_minutes BIGINT,
    lead_hours BIGINT NOT NULL DEFAULT 0,
    buffer_minutes BIGINT NOT NULL DEFAULT 0,
    -- Weekly hours, local time: "0:480-1020,1:480-1020" (0 = Monday, minutes of the day).
    opening_hours TEXT NOT NULL DEFAULT '',
    -- Accent-free, lower-case, singular words of the title, description and facts.
    search_text TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);
CREATE INDEX resources_org_idx ON resources (org_id, status);
CREATE INDEX resources_browse_idx ON resources (status, category, region, published_at);
CREATE INDEX resources_newest_idx ON resources (status, published_at);

CREATE TABLE needs (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'fulfilled', 'closed')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Region codes as ",06,13,".
    regions TEXT NOT NULL,
    starts_on TEXT,
    ends_on TEXT,
    -- Bit 0 = Monday … bit 6 = Sunday.
    weekdays BIGINT NOT NULL DEFAULT 0,
    from_minute BIGINT,
    to_minute BIGINT,
    quantity BIGINT NOT NULL DEFAULT 1 CHECK (quantity >= 1),
    quantity_unit TEXT NOT NULL DEFAULT 'units',
    search_text TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX needs_browse_idx ON needs (status, category, created_at);
CREATE INDEX needs_org_idx ON needs (org_id, status);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    need_id TEXT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE UNIQUE INDEX notifications_match_key ON notifications (org_id, kind, need_id, resource_id);
CREATE INDEX notifications_org_idx ON notifications (org_id, read_at);
