import CityWire
import Foundation
import PostgresNIO
import QueueCore

extension CityDatabase {
    /// Puts a hall's history at the city back to its event `seq`, for a hall whose own database
    /// now says otherwise (restored from a backup): the city's later events, and the configs and
    /// ratings recorded after the last event kept, are set aside (`hall_event_set_aside`,
    /// `hall_config_set_aside`, `hall_rating_set_aside`: kept, never deleted); the tickets those
    /// events touched are rebuilt from the events that remain; their days (and with a config set
    /// aside, every day from its own) are marked changed; and the hall sends its own events,
    /// configs and ratings from there.
    /// Ratings: those numbered after `ratingsAfter` when given (0: all of them, which the hall
    /// then sends again), else those recorded after the last event kept and every one numbered
    /// after the first of those. `seq` may be the last event the city holds: then only configs
    /// and ratings are set aside (a hall restored from a backup taken after its last event but
    /// before its last ratings). Returns how many events, ratings and configs were set aside.
    public func rewind(hall: String, to seq: Int64, ratingsAfter: Int64? = nil) async throws -> (events: Int, ratings: Int, configs: Int) {
        guard seq >= 0 else { throw QueueError(.badRequest, "--to takes an event's sequence number, 0 or more.") }
        do {
            return try await client.withTransaction(logger: logger) { c in
                var acked: Int64?
                for try await a in try await c.query("SELECT acked FROM hall WHERE id = \(hall) FOR UPDATE", logger: logger).decode(Int64.self) { acked = a }
                guard let acked else { throw CityIngestError.unknownHall(hall) }
                guard seq <= acked else { return (0, 0, 0) }
                try await c.query("""
                    INSERT INTO hall_event_set_aside (hall, seq, at, kind, device, ticket_id, body)
                    SELECT hall, seq, at, kind, device, ticket_id, body FROM hall_event WHERE hall = \(hall) AND seq > \(seq)
                    """, logger: logger)
                var touched: [Int64] = []
                for try await id in try await c.query("SELECT DISTINCT ticket_id FROM hall_event WHERE hall = \(hall) AND seq > \(seq) AND ticket_id IS NOT NULL", logger: logger)
                    .decode(Int64.self) { touched.append(id) }
                var days = Set<String>()
                for try await day in try await c.query("SELECT DISTINCT day FROM hall_ticket WHERE hall = \(hall) AND id = ANY(\(touched))", logger: logger)
                    .decode(String.self) { days.insert(day) }
                var removed = 0
                for try await _ in try await c.query("DELETE FROM hall_event WHERE hall = \(hall) AND seq > \(seq) RETURNING seq", logger: logger) { removed += 1 }
                try await c.query("DELETE FROM hall_ticket WHERE hall = \(hall) AND id = ANY(\(touched))", logger: logger)
                // Each touched ticket as the events that remain left it.
                var remaining: [(Event, String)] = []
                let decoder = HallJSON.decoder()
                for try await body in try await c.query("""
                    SELECT body FROM hall_event WHERE hall = \(hall) AND ticket_id = ANY(\(touched)) ORDER BY seq
                    """, logger: logger).decode(String.self) {
                    remaining.append((try decoder.decode(Event.self, from: Data(body.utf8)), body))
                }
                try await upsertTickets(remaining, hall: hall, on: c)
                // The configs of the history set aside: those recorded after the last event kept.
                var keptUntil = Int64.min
                for try await at in try await c.query("SELECT at FROM hall_event WHERE hall = \(hall) AND seq = \(seq)", logger: logger).decode(Int64.self) {
                    keptUntil = at
                }
                var firstSetAside: Int64?
                var configs = 0
                for try await since in try await c.query("""
                    WITH gone AS (DELETE FROM hall_config WHERE hall = \(hall) AND since > \(keptUntil) RETURNING hall, since, config)
                    INSERT INTO hall_config_set_aside (hall, since, config) SELECT hall, since, config FROM gone RETURNING since
                    """, logger: logger).decode(Int64.self) { firstSetAside = min(firstSetAside ?? since, since); configs += 1 }
                // So are the ratings recorded after it, and every one numbered after the first of
                // those: the hall numbers and sends its own again from there.
                var ratings = 0
                for try await _ in try await c.query("""
                    WITH cut AS (SELECT COALESCE(\(ratingsAfter.map { $0 + 1 })::int8, min(seq), 9223372036854775807) AS seq
                                 FROM hall_rating WHERE hall = \(hall) AND at > \(keptUntil)),
                    gone AS (DELETE FROM hall_rating WHERE hall = \(hall) AND seq >= (SELECT seq FROM cut) RETURNING *)
                    INSERT INTO hall_rating_set_aside (hall, seq, ticket, day, service, counter, clerk, rating, reason, at)
                    SELECT hall, seq, ticket, day, service, counter, clerk, rating, reason, at FROM gone RETURNING seq
                    """, logger: logger) { ratings += 1 }
                try await markChanged(days: days, configsSince: firstSetAside, hall: hall, on: c)
                try await c.query("""
                    UPDATE hall SET acked = \(seq), config_since = COALESCE((SELECT max(since) FROM hall_config WHERE hall = \(hall)), -1),
                        rating_seq = COALESCE((SELECT max(seq) FROM hall_rating WHERE hall = \(hall)), 0) WHERE id = \(hall)
                    """, logger: logger)
                return (removed, ratings, configs)
            }
        } catch let error as PostgresTransactionError where error.closureError is CityIngestError {
            throw QueueError(.badRequest, "\(error.closureError!)")
        } catch {
            throw failure("Rewinding \(hall)", error)
        }
    }
}
