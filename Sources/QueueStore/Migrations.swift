import GRDB

/// The schema. Migrations are named and never edited once shipped; add a new one instead.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

                -- One row per queue entry; a transfer ends one row and opens another (transferred_from).
                -- Times are integer milliseconds since the Unix epoch (UTC).
                CREATE TABLE ticket (
                    id INTEGER PRIMARY KEY,
                    day TEXT NOT NULL,
                    service TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    priority TEXT NOT NULL,
                    state TEXT NOT NULL,
                    outcome TEXT,
                    issued_at INTEGER NOT NULL,
                    queued_at INTEGER NOT NULL,
                    first_called_at INTEGER,
                    last_called_at INTEGER,
                    call_count INTEGER NOT NULL,
                    counter INTEGER,
                    clerk TEXT,
                    service_started_at INTEGER,
                    service_ended_at INTEGER,
                    transferred_from INTEGER REFERENCES ticket(id)
                );
                -- One number, one citizen: a label is given once per local day.
                CREATE UNIQUE INDEX ticket_day_label ON ticket(day, label) WHERE transferred_from IS NULL;
                CREATE INDEX ticket_day ON ticket(day, service);
                CREATE INDEX ticket_open ON ticket(state) WHERE state != 'done';

                -- The audit trail and the source for resuming subscribers. Append-only.
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    device TEXT NOT NULL,
                    ticket_id INTEGER,
                    counter INTEGER,
                    body TEXT NOT NULL
                );
                CREATE INDEX event_at ON event(at);
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER ticket_no_delete BEFORE DELETE ON ticket
                    BEGIN SELECT RAISE(ABORT, 'tickets are never deleted'); END;

                CREATE TABLE counter (
                    number INTEGER PRIMARY KEY,
                    status TEXT NOT NULL,
                    clerk TEXT,
                    pause_reason TEXT,
                    ticket INTEGER
                );

                CREATE TABLE device (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    counter INTEGER,
                    key BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );

                -- The first reply to each mutating request, so a retry gets it back.
                CREATE TABLE request (
                    device TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    reply BLOB NOT NULL,
                    PRIMARY KEY (device, request_id)
                ) WITHOUT ROWID;
                """)
        }
        // Reports read a span of local days in (day, id) order; with this index SQLite walks it
        // in order instead of sorting a year of rows (docs/BENCHMARKS.md, reports).
        m.registerMigration("v2-ticket-day-id") { db in
            try db.execute(sql: "CREATE INDEX ticket_day_id ON ticket(day, id)")
        }
        // Clerk PINs for the browser console: a PIN signs a clerk in at one counter. Only a salted
        // HMAC of the PIN is kept; a revoked PIN stays as a row so the audit trail can name it.
        m.registerMigration("v3-clerk-pin") { db in
            try db.execute(sql: """
                CREATE TABLE clerk_pin (
                    id INTEGER PRIMARY KEY,
                    clerk TEXT NOT NULL,
                    counter INTEGER NOT NULL,
                    salt BLOB NOT NULL,
                    hash BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                CREATE INDEX clerk_pin_counter ON clerk_pin(counter) WHERE revoked_at IS NULL;
                CREATE TRIGGER clerk_pin_no_delete BEFORE DELETE ON clerk_pin
                    BEGIN SELECT RAISE(ABORT, 'clerk PINs are revoked, never deleted'); END;
                """)
        }
        // Reports (issue 13): the hall's identity (kept by backups and copies, so a roll-up knows a
        // hall given twice), the config in force from each start on (so a report from a copy needs
        // no hall.toml), and the cancellations' instants (a citizen who gave up waited until then).
        m.registerMigration("v-reports-1-hall-record") { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO meta (key, value) VALUES ('hall_id', lower(hex(randomblob(16))));
                -- The hall config the coordinator ran with after the instant `since` (ms): one row
                -- per start with a config different from the last.
                CREATE TABLE hall_config (since INTEGER PRIMARY KEY, config TEXT NOT NULL);
                CREATE INDEX event_cancelled ON event(ticket_id) WHERE kind = 'cancelled';
                """)
        }
        // Reports (issue 13): each closed day summarised per (service, clerk, counter): rows, served,
        // and one-second histograms (JSON, second → count, with exact sums) of waits and service
        // times, so long spans and the clerks' year to date need not read every row.
        m.registerMigration("v-reports-2-day-summary") { db in
            try db.execute(sql: """
                CREATE TABLE day_summary (
                    day TEXT NOT NULL, service TEXT NOT NULL, clerk TEXT NOT NULL, counter INTEGER NOT NULL,
                    tickets INTEGER NOT NULL, served INTEGER NOT NULL, waits TEXT NOT NULL, service_times TEXT NOT NULL,
                    PRIMARY KEY (day, service, clerk, counter)
                );
                """)
        }
        // Reports (issue 13): each closed day's whole report tally (`ReportTally`, binary): every
        // group's counts and one-second histograms, and each closed month's (its days merged), so
        // a year's report merges 12 tallies instead of reading a million rows. Days already
        // summarised are summarised again, with their tally.
        m.registerMigration("v-reports-3-day-tally") { db in
            try db.execute(sql: """
                CREATE TABLE day_tally (day TEXT PRIMARY KEY, tally BLOB NOT NULL);
                CREATE TABLE month_tally (month TEXT PRIMARY KEY, tally BLOB NOT NULL);
                DELETE FROM meta WHERE key = 'day_summary_through';
                """)
        }
        // Citizens' ratings of their visits (issue 17): one per visit, on its last ticket.
        m.registerMigration("v4-rating") { db in
            try db.execute(sql: """
                CREATE TABLE rating (
                    ticket INTEGER PRIMARY KEY REFERENCES ticket(id),
                    day TEXT NOT NULL,
                    service TEXT NOT NULL,
                    counter INTEGER,
                    clerk TEXT,
                    rating TEXT NOT NULL CHECK (rating IN ('very-satisfied', 'satisfied', 'dissatisfied')),
                    reason TEXT,
                    at INTEGER NOT NULL
                );
                CREATE INDEX rating_day ON rating(day);
                """)
        }
        // Booked appointments (issue 17): per-service capacity per 15-minute slot, the bookings,
        // and the slot a checked-in ticket is held for.
        m.registerMigration("v5-appointment") { db in
            try db.execute(sql: """
                ALTER TABLE ticket ADD COLUMN appointment_at INTEGER;
                CREATE TABLE appointment_capacity (
                    service TEXT PRIMARY KEY,
                    per_slot INTEGER NOT NULL CHECK (per_slot >= 0)
                );
                CREATE TABLE appointment (
                    day TEXT NOT NULL,
                    code TEXT NOT NULL,
                    service TEXT NOT NULL,
                    minute INTEGER NOT NULL,
                    booked_at INTEGER NOT NULL,
                    booked_by TEXT NOT NULL,
                    -- The ticket checked in with, and its number (written before the ticket's own
                    -- row, in one transaction; a second check-in in that batch must see it used).
                    ticket INTEGER,
                    label TEXT,
                    checked_in_at INTEGER,
                    cancelled_at INTEGER,
                    PRIMARY KEY (day, code)
                );
                CREATE INDEX appointment_slot ON appointment(day, service, minute);
                """)
        }
        // Ratings numbered in the order recorded, so the hall can forward them to the city from
        // where it left off (issue 16); those kept before are numbered by their instant.
        m.registerMigration("v6-rating-seq") { db in
            try db.execute(sql: """
                ALTER TABLE rating ADD COLUMN seq INTEGER;
                CREATE TEMP TABLE rating_order (ticket INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                INSERT INTO rating_order SELECT ticket, ROW_NUMBER() OVER (ORDER BY at, ticket) FROM rating;
                UPDATE rating SET seq = (SELECT n FROM rating_order WHERE rating_order.ticket = rating.ticket);
                DROP TABLE rating_order;
                CREATE UNIQUE INDEX rating_seq ON rating(seq);
                """)
        }
        return m
    }
}
