import CityWire
import Foundation
import PostgresNIO
import QueueCore

extension CityDatabase {
    /// Applies a hall's batch in one transaction and returns what the city now holds for it.
    /// Events the city has already are skipped, so a batch sent again (after a crash on either
    /// side, or a lost answer) changes nothing. Events must follow on from what the city holds:
    /// a batch that would leave a gap is refused (`CityIngestError.gap`) and the hall sends again
    /// from the acknowledged sequence. Each ticket keeps the state of its latest event.
    /// `bodies`: each event's JSON as the hall sent it (`JSONSlices`), in the batch's order; nil:
    /// they are encoded again here.
    public func ingest(_ batch: CityBatch, bodies: [String]? = nil) async throws -> CityAck {
        try await ingestCounting(batch, bodies: bodies).ack
    }

    /// `ingest`, also saying how many of the batch's events were new to the city.
    public func ingestCounting(_ batch: CityBatch, bodies: [String]? = nil) async throws -> (ack: CityAck, stored: Int) {
        let encoder = HallJSON.encoder()
        let given = bodies?.count == batch.events.count ? bodies! : try batch.events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let pairs = zip(batch.events, given).sorted { $0.0.seq < $1.0.seq }
        for (i, (e, _)) in pairs.enumerated() where e.seq != pairs[0].0.seq + Int64(i) {
            throw CityIngestError.notInOrder("The batch's events are not consecutive (\(pairs[0].0.seq) then \(e.seq) at position \(i)).")
        }
        do {
            return try await client.withTransaction(logger: logger) { c in
                var held: (acked: Int64, since: Int64, ratingSeq: Int64)?
                for try await row in try await c.query("SELECT acked, config_since, rating_seq FROM hall WHERE id = \(batch.hall) FOR UPDATE", logger: logger)
                    .decode((Int64, Int64, Int64).self) { held = row }
                guard let held else { throw CityIngestError.unknownHall(batch.hall) }
                let new = pairs.filter { $0.0.seq > held.acked }
                if let first = new.first, first.0.seq != held.acked + 1 {
                    throw CityIngestError.gap(acked: held.acked)
                }
                // Ratings follow on from the last one held, as events do (the hall numbers them
                // without holes): a batch sent from an older answer is refused, not half kept.
                let ratings = (batch.ratings ?? []).sorted { $0.seq < $1.seq }.filter { $0.seq > held.ratingSeq }
                for (i, r) in ratings.enumerated() where r.seq != held.ratingSeq + 1 + Int64(i) {
                    throw CityIngestError.gap(acked: held.acked)
                }
                if !new.isEmpty {
                    try await insertEvents(new, hall: batch.hall, on: c)
                    try await upsertTickets(new, hall: batch.hall, on: c)
                }
                let configs = batch.configs.filter { $0.since > held.since }
                for config in configs where (try? JSONDecoder().decode(HallConfig.self, from: Data(config.config.utf8))) == nil {
                    throw CityIngestError.badConfig(since: config.since)
                }
                for config in configs {
                    try await c.query("INSERT INTO hall_config (hall, since, config) VALUES (\(batch.hall), \(config.since), \(config.config)) ON CONFLICT (hall, since) DO UPDATE SET config = excluded.config", logger: logger)
                }
                if !ratings.isEmpty { try await insertRatings(ratings, hall: batch.hall, on: c) }
                try await markChanged(days: Set(new.compactMap { $0.0.ticket?.day }), configsSince: configs.map(\.since).min(), hall: batch.hall, on: c)
                let acked = new.last?.0.seq ?? held.acked
                let since = max(held.since, configs.map(\.since).max() ?? -1)
                let ratingSeq = ratings.last?.seq ?? held.ratingSeq
                try await c.query("""
                    UPDATE hall SET acked = \(acked), config_since = \(since), rating_seq = \(ratingSeq),
                        ratings_kept = ratings_kept OR \(batch.ratings != nil), last_seen = now() WHERE id = \(batch.hall)
                    """, logger: logger)
                var lastRating = ratings.last.map { RatingMark(ticket: $0.ticket, at: $0.at) }
                if lastRating == nil, ratingSeq > 0 {
                    for try await (t, at) in try await c.query("SELECT ticket, at FROM hall_rating WHERE hall = \(batch.hall) AND seq = \(ratingSeq)", logger: logger)
                        .decode((Int64, Int64).self) { lastRating = RatingMark(ticket: t, at: at) }
                }
                return (CityAck(hall: batch.hall, acked: acked, configSince: since, ratingSeq: ratingSeq, lastRating: lastRating), new.count)
            }
        } catch let error as CityIngestError {
            throw error
        } catch let error as PostgresTransactionError where error.closureError is CityIngestError {
            throw error.closureError!
        } catch {
            throw failure("Storing \(batch.hall)'s events", error)
        }
    }

    /// Marks the days this batch changed (`hall_day`), so their summaries are made again: the
    /// days its tickets belong to, and with a new config every day from the one it took effect
    /// on (counted from 14 hours before its instant in UTC, the earliest local day anywhere).
    func markChanged(days: Set<String>, configsSince: Int64?, hall: String, on c: PostgresConnection) async throws {
        guard !days.isEmpty || configsSince != nil else { return }
        var mark: Int64 = 0
        for try await n in try await c.query("SELECT nextval('hall_change')", logger: logger).decode(Int64.self) { mark = n }
        if !days.isEmpty {
            try await c.query("""
                INSERT INTO hall_day (hall, day, changed) SELECT \(hall), d, \(mark) FROM UNNEST(\(days.sorted())::text[]) AS x(d)
                ON CONFLICT (hall, day) DO UPDATE SET changed = excluded.changed
                """, logger: logger)
        }
        if let since = configsSince {
            let epoch = CivilDay.ordinal(1970, 1, 1)
            let from = CivilDay.text(ordinal: epoch + Int((since - 14 * 3_600_000) / 86_400_000))
            try await c.query("UPDATE hall_day SET changed = \(mark) WHERE hall = \(hall) AND day >= \(from)", logger: logger)
        }
    }

    /// The ratings as one statement; a visit rated already keeps its first rating (as the hall does).
    func insertRatings(_ ratings: [RecordedRating], hall: String, on c: PostgresConnection) async throws {
        try await c.query("""
            INSERT INTO hall_rating (hall, seq, ticket, day, service, counter, clerk, rating, reason, at)
            SELECT \(hall), s, t, d, v, NULLIF(n, -1), NULLIF(k, ''), r, NULLIF(w, ''), a
            FROM UNNEST(\(ratings.map(\.seq))::int8[], \(ratings.map(\.ticket))::int8[], \(ratings.map(\.day))::text[],
                        \(ratings.map(\.service))::text[], \(ratings.map { $0.counter ?? -1 })::int4[], \(ratings.map { $0.clerk ?? "" })::text[],
                        \(ratings.map(\.rating.rawValue))::text[], \(ratings.map { $0.reason?.rawValue ?? "" })::text[],
                        \(ratings.map(\.at))::int8[]) AS x(s, t, d, v, n, k, r, w, a)
            ON CONFLICT (hall, ticket) DO NOTHING
            """, logger: logger)
    }

    /// Every event as one statement (arrays unnested), not a statement per row.
    func insertEvents(_ events: [(Event, String)], hall: String, on c: PostgresConnection) async throws {
        let seqs = events.map(\.0.seq)
        let ats = events.map(\.0.at.milliseconds)
        let kinds = events.map(\.0.kind.rawValue)
        let devices = events.map(\.0.device)
        let tickets = events.map { $0.0.ticket?.id ?? -1 }
        let bodies = events.map(\.1)
        try await c.query("""
            INSERT INTO hall_event (hall, seq, at, kind, device, ticket_id, body)
            SELECT \(hall), s, a, k, d, NULLIF(t, -1), b
            FROM UNNEST(\(seqs)::int8[], \(ats)::int8[], \(kinds)::text[], \(devices)::text[], \(tickets)::int8[], \(bodies)::text[]) AS x(s, a, k, d, t, b)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// The latest state of each ticket the events carry, kept as the event that carried it; a row
    /// already newer stays. A cancelled ticket keeps the instant it was cancelled (the end of a
    /// citizen's wait who gave up).
    func upsertTickets(_ events: [(Event, String)], hall: String, on c: PostgresConnection) async throws {
        var latest: [Int64: (seq: Int64, ticket: Ticket, ended: Int64, body: String)] = [:]
        for (e, body) in events {
            guard let t = e.ticket else { continue }
            let ended = e.kind == .cancelled ? e.at.milliseconds : (latest[t.id]?.ended ?? -1)
            latest[t.id] = (e.seq, t, ended, body)
        }
        guard !latest.isEmpty else { return }
        let rows = latest.values.sorted { $0.ticket.id < $1.ticket.id }
        let ids = rows.map(\.ticket.id)
        let days = rows.map(\.ticket.day)
        let seqs = rows.map(\.seq)
        let services = rows.map(\.ticket.service)
        let outcomes = rows.map { $0.ticket.outcome?.rawValue ?? "" }
        let clerks = rows.map { $0.ticket.clerk ?? "" }
        let started = rows.map { $0.ticket.serviceStartedAt?.milliseconds ?? -1 }
        let ended = rows.map { $0.ticket.serviceEndedAt?.milliseconds ?? -1 }
        let gaveUp = rows.map(\.ended)
        let bodies = rows.map(\.body)
        let issued = rows.map { $0.ticket.issuedAt.milliseconds }
        // When the hall's wait starts (a booked citizen's slot), as the hall's own reports count it.
        let queued = rows.map { $0.ticket.waitStartsAt.milliseconds }
        let called = rows.map { $0.ticket.firstCalledAt?.milliseconds ?? -1 }
        try await c.query("""
            INSERT INTO hall_ticket (hall, id, day, seq, service, outcome, clerk, service_started_at, service_ended_at, ended_at, event,
                                     issued_at, queued_at, first_called_at)
            SELECT \(hall), i, d, s, v, NULLIF(o, ''), NULLIF(k, ''), NULLIF(st, -1), NULLIF(en, -1), NULLIF(g, -1), j, iss, q, NULLIF(fc, -1)
            FROM UNNEST(\(ids)::int8[], \(days)::text[], \(seqs)::int8[], \(services)::text[], \(outcomes)::text[], \(clerks)::text[],
                        \(started)::int8[], \(ended)::int8[], \(gaveUp)::int8[], \(bodies)::text[], \(issued)::int8[], \(queued)::int8[],
                        \(called)::int8[]) AS x(i, d, s, v, o, k, st, en, g, j, iss, q, fc)
            ON CONFLICT (hall, id) DO UPDATE SET day = excluded.day, seq = excluded.seq, service = excluded.service,
                outcome = excluded.outcome, clerk = excluded.clerk, service_started_at = excluded.service_started_at,
                service_ended_at = excluded.service_ended_at, ended_at = COALESCE(excluded.ended_at, hall_ticket.ended_at),
                event = excluded.event, issued_at = excluded.issued_at, queued_at = excluded.queued_at,
                first_called_at = excluded.first_called_at
            WHERE hall_ticket.seq < excluded.seq
            """, logger: logger)
    }
}

/// Why the city refused a batch, with what the hall should do.
public enum CityIngestError: Error, Equatable, CustomStringConvertible {
    /// The city has no such hall: it must be added first (`queue-city hall add`).
    case unknownHall(String)
    /// The batch starts after an event (or a rating) the city does not have: send again from what
    /// the city holds.
    case gap(acked: Int64)
    case notInOrder(String)
    /// A config the city cannot read as a hall config.
    case badConfig(since: Int64)

    public var description: String {
        switch self {
        case .unknownHall(let hall): return "The city has no hall \"\(hall)\"; add it with `queue-city hall add` and give the hall its key file."
        case .gap(let acked): return "The city holds this hall's events up to \(acked) (and fewer ratings than sent); send again from what it holds."
        case .notInOrder(let why): return why
        case .badConfig(let since): return "The hall config in force from \(since) is not one the city can read; is this hall's software newer than the city's? Nothing of this batch was stored."
        }
    }
}
