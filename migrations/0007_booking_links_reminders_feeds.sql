-- Answering a request from its email, changes asked for by the requester, the reminder before
-- a booking starts, and calendar feeds that other calendars subscribe to.

-- One-tap answers in the owner's email: one link per admin and action, stored hashed (the
-- link itself is a 256-bit random token), single use, expiring at the booking's start or
-- after a week. A link answers its booking (and the pending dates of its series) only.
CREATE TABLE booking_links (
    token_hash TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('approve', 'decline')),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX booking_links_booking_idx ON booking_links (booking_id);

-- Set by the one process that sends a booking's reminder (a conditional update: exactly once,
-- however many processes look at the same minute).
ALTER TABLE bookings ADD COLUMN reminded_at BIGINT;
CREATE INDEX bookings_reminder_idx ON bookings (status, reminded_at, starts_at);

-- A secret address per organization (its bookings on both sides) or per resource (its
-- bookings): Google Calendar and Outlook subscribe to it without signing in. The token grants
-- reading what the database already holds, so it is kept as is and shown again to members;
-- revoking deletes the row, and a new address gets a new token.
CREATE TABLE calendar_feeds (
    token TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    resource_id TEXT REFERENCES resources (id) ON DELETE CASCADE,
    -- The language its events are written in (its creator's).
    locale TEXT NOT NULL DEFAULT 'fr',
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX calendar_feeds_scope_idx ON calendar_feeds (org_id, COALESCE(resource_id, ''));

-- A new time or quantity the requester asks for on an approved booking: the booking stays as
-- it is until the owner accepts. One pending change per booking. The form's values are kept
-- (`local_date`, `from_time`…) to place the series' later dates on the same wall clock.
CREATE TABLE booking_changes (
    id TEXT PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused', 'withdrawn')),
    rest_of_series BIGINT NOT NULL DEFAULT 0,
    local_date TEXT NOT NULL,
    end_date TEXT NOT NULL DEFAULT '',
    from_time TEXT NOT NULL DEFAULT '',
    to_time TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    note TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    requested_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    decided_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    CHECK (starts_at < ends_at)
);
CREATE UNIQUE INDEX booking_changes_pending_idx ON booking_changes (booking_id)
    WHERE status = 'pending';
