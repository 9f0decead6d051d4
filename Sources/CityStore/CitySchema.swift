/// The city's tables, as migrations applied in order, each once (table `city_migration`). Times
/// are integer milliseconds since the Unix epoch (UTC), as the halls record them; days are the
/// hall's local days ("2026-11-30"). A hall's events are kept as it sent them, keyed by (hall,
/// sequence); its tickets are the last state its events carried, as in the hall's own database
/// (`hall_ticket.event`: the latest event that carried the ticket, as the hall sent it).
///
/// Summaries (v2): `hall_day` marks each (hall, day) with the `hall_change` number of the last
/// batch that touched it; `hall_summary` keeps a hall's roll-up tally of a day, a whole month or a
/// whole year, with the highest mark it `covers`. A summary is fresh while no day inside it has a
/// higher mark (`Summaries.swift`).
enum CitySchema {
    static let migrations: [(id: String, sql: [String])] = [
        ("v1-halls-events-tickets", [
            """
            CREATE TABLE unit (
                id text PRIMARY KEY,
                name text NOT NULL,
                level text NOT NULL,
                parent text REFERENCES unit(id)
            )
            """,
            """
            CREATE TABLE hall (
                id text PRIMARY KEY,
                name text NOT NULL,
                unit text NOT NULL REFERENCES unit(id),
                key text NOT NULL,
                acked bigint NOT NULL DEFAULT 0,
                config_since bigint NOT NULL DEFAULT -1,
                last_seen timestamptz,
                added_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE hall_event (
                hall text NOT NULL REFERENCES hall(id),
                seq bigint NOT NULL,
                at bigint NOT NULL,
                kind text NOT NULL,
                device text NOT NULL,
                ticket_id bigint,
                body text NOT NULL,
                PRIMARY KEY (hall, seq)
            )
            """,
            """
            CREATE TABLE hall_ticket (
                hall text NOT NULL REFERENCES hall(id),
                id bigint NOT NULL,
                day text NOT NULL,
                seq bigint NOT NULL,
                service text NOT NULL,
                outcome text,
                clerk text,
                service_started_at bigint,
                service_ended_at bigint,
                ended_at bigint,
                event text NOT NULL,
                PRIMARY KEY (hall, id)
            )
            """,
            "CREATE INDEX hall_ticket_day ON hall_ticket (hall, day, id)",
            """
            CREATE TABLE hall_config (
                hall text NOT NULL REFERENCES hall(id),
                since bigint NOT NULL,
                config text NOT NULL,
                PRIMARY KEY (hall, since)
            )
            """,
        ]),
        ("v2-summaries", [
            "CREATE SEQUENCE hall_change",
            """
            CREATE TABLE hall_day (
                hall text NOT NULL REFERENCES hall(id),
                day text NOT NULL,
                changed bigint NOT NULL,
                PRIMARY KEY (hall, day)
            )
            """,
            """
            CREATE TABLE hall_summary (
                hall text NOT NULL REFERENCES hall(id),
                first_day text NOT NULL,
                last_day text NOT NULL,
                covers bigint NOT NULL,
                last_issued bigint,
                tally bytea NOT NULL,
                PRIMARY KEY (hall, first_day, last_day)
            )
            """,
            "INSERT INTO hall_day (hall, day, changed) SELECT hall, day, nextval('hall_change') FROM hall_ticket GROUP BY hall, day",
        ]),
        ("v3-dashboard", [
            // What the live dashboard counts without decoding events: when each ticket was
            // issued, joined its queue and was first called.
            "ALTER TABLE hall_ticket ADD COLUMN issued_at bigint, ADD COLUMN queued_at bigint, ADD COLUMN first_called_at bigint",
            """
            UPDATE hall_ticket SET issued_at = (event::jsonb #>> '{ticket,issuedAt}')::int8,
                queued_at = (event::jsonb #>> '{ticket,queuedAt}')::int8,
                first_called_at = (event::jsonb #>> '{ticket,firstCalledAt}')::int8
            """,
            // Who may open the dashboard: a name and a salted SHA-256 of a generated password.
            """
            CREATE TABLE viewer (
                name text PRIMARY KEY,
                salt bytea NOT NULL,
                hash bytea NOT NULL,
                added_at timestamptz NOT NULL DEFAULT now()
            )
            """,
        ]),
        ("v4-rewind", [
            // Events a hall's history no longer holds (`queue-city hall rewind`): set aside, never deleted.
            """
            CREATE TABLE hall_event_set_aside (
                hall text NOT NULL REFERENCES hall(id),
                seq bigint NOT NULL,
                at bigint NOT NULL,
                kind text NOT NULL,
                device text NOT NULL,
                ticket_id bigint,
                body text NOT NULL,
                set_aside_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX hall_event_set_aside_hall ON hall_event_set_aside (hall, set_aside_at)",
            "CREATE INDEX hall_event_ticket ON hall_event (hall, ticket_id, seq)",
        ]),
        // Summaries now keep each service's legs (the roll-up's "by service"): the old ones are
        // dropped and made again by the summariser; until then reports read the tickets.
        ("v5-summaries-with-services", ["DELETE FROM hall_summary"]),
        ("v6-config-set-aside", [
            // Configs of a history a rewind set aside (recorded after the last event kept).
            """
            CREATE TABLE hall_config_set_aside (
                hall text NOT NULL REFERENCES hall(id),
                since bigint NOT NULL,
                config text NOT NULL,
                set_aside_at timestamptz NOT NULL DEFAULT now()
            )
            """,
        ]),
        ("v7-ratings", [
            // Citizens' ratings as each hall numbered them (`RecordedRating`), one per visit, and
            // the last one held per hall; those a rewind sets aside are kept apart.
            // `ratings_kept`: the hall has sent a batch from a release that forwards them (an
            // older one's reports say "not kept here", not "none given").
            "ALTER TABLE hall ADD COLUMN rating_seq bigint NOT NULL DEFAULT 0, ADD COLUMN ratings_kept boolean NOT NULL DEFAULT false",
            """
            CREATE TABLE hall_rating (
                hall text NOT NULL REFERENCES hall(id),
                seq bigint NOT NULL,
                ticket bigint NOT NULL,
                day text NOT NULL,
                service text NOT NULL,
                counter int,
                clerk text,
                rating text NOT NULL,
                reason text,
                at bigint NOT NULL,
                PRIMARY KEY (hall, ticket)
            )
            """,
            "CREATE INDEX hall_rating_day ON hall_rating (hall, day)",
            // The ack's last rating, a rewind's cut.
            "CREATE UNIQUE INDEX hall_rating_seq ON hall_rating (hall, seq)",
            """
            CREATE TABLE hall_rating_set_aside (LIKE hall_rating, set_aside_at timestamptz NOT NULL DEFAULT now())
            """,
        ]),
    ]
}
