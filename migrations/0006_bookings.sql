-- Bookings: an organization asks for a time on another's resource, the owner answers, and
-- both can rely on the answer. Instants are Unix milliseconds (UTC); the owner's zone is the
-- organization's `timezone`.

-- Rules beside the ones that exist: the slot grid (15, 30 or 60 minutes; 0 = whole days), how
-- far ahead a booking may start, and who may book (any organization, verified ones, partners).
ALTER TABLE resources ADD COLUMN slot_minutes BIGINT NOT NULL DEFAULT 30;
ALTER TABLE resources ADD COLUMN horizon_days BIGINT NOT NULL DEFAULT 90;
ALTER TABLE resources ADD COLUMN audience TEXT NOT NULL DEFAULT 'any';
-- Bumped by every write of the resource's bookings: the row lock that serializes them on
-- PostgreSQL, and a version the calendar can compare.
ALTER TABLE resources ADD COLUMN booking_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE resource_partners (
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, org_id)
);

-- Closures, maintenance, the owner's own use: nobody may book over them.
CREATE TABLE blocked_periods (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('closure', 'maintenance', 'own_use')),
    reason TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX blocked_periods_resource_idx ON blocked_periods (resource_id, starts_at);

CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    owner_org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    requester_org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    requested_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- The occurrences of one weekly series share it.
    series_id TEXT,
    -- Stored: requested, approved, declined, cancelled. Read as expired (requested, not
    -- answered before its start) or completed (approved, ended) from the clock.
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined', 'cancelled')),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    purpose TEXT NOT NULL DEFAULT '',
    price_estimate_cents BIGINT NOT NULL DEFAULT 0 CHECK (price_estimate_cents >= 0),
    -- The last decline or cancellation reason, and whether a cancellation came late.
    reason TEXT NOT NULL DEFAULT '',
    late BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX bookings_resource_time_idx ON bookings (resource_id, status, starts_at);
CREATE INDEX bookings_requester_idx ON bookings (requester_org_id, starts_at);
CREATE INDEX bookings_owner_idx ON bookings (owner_org_id, starts_at);
CREATE INDEX bookings_series_idx ON bookings (series_id);

-- Every transition: who, when, what, why.
CREATE TABLE booking_events (
    id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    actor_org_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX booking_events_booking_idx ON booking_events (booking_id, at);
