import GRDB
import QueueCore
import QueueStore

extension ReportReader {
    /// Up to `limit` events after sequence `after`, in order, as the JSON the log keeps.
    public func eventBodies(after: Int64, limit: Int) throws -> [(seq: Int64, body: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, body FROM event WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
                .map { ($0[0], $0[1]) }
        }
    }

    /// The last event's sequence (0: none).
    public func lastSeq() throws -> Int64 {
        try reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0 }
    }

    /// Up to `limit` ratings numbered after `seq`, in order (none from a database older than
    /// ratings or their numbers).
    public func ratings(after seq: Int64, limit: Int) throws -> [RecordedRating] {
        try reader.read { db in
            guard try numbersRatings(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT seq, ticket, day, service, counter, clerk, rating, reason, at FROM rating WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [seq, limit]).map { r in
                // The table's CHECK keeps the three levels; a row that is not one is not skipped
                // (the city would wait for it for ever) but refused.
                guard let rating = Rating(rawValue: r[6]) else { throw QueueError(.badData, "Rating \(r[0] as Int64) has no level the city knows.") }
                return RecordedRating(seq: r[0], ticket: r[1], day: r[2], service: r[3], counter: r[4], clerk: r[5], rating: rating,
                                      reason: (r[7] as String?).flatMap(RatingReason.init(rawValue:)), at: r[8])
            }
        }
    }

    /// The number of the last rating recorded (0: none, or a database older than their numbers).
    public func lastRatingSeq() throws -> Int64 {
        try reader.read { db in
            guard try numbersRatings(db) else { return 0 }
            return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM rating") ?? 0
        }
    }

    /// The rating numbered `seq`, if this database has it.
    public func rating(numbered seq: Int64) throws -> RatingMark? {
        try reader.read { db in
            guard try numbersRatings(db) else { return nil }
            return try Row.fetchOne(db, sql: "SELECT ticket, at FROM rating WHERE seq = ?", arguments: [seq]).map { RatingMark(ticket: $0[0], at: $0[1]) }
        }
    }

    /// Whether the database numbers its ratings (not one older than ratings or their numbers).
    private func numbersRatings(_ db: Database) throws -> Bool {
        try db.tableExists("rating") && db.columns(in: "rating").contains { $0.name == "seq" }
    }

    /// The configs recorded after `since` (ms), in order: when each came into force, and its JSON.
    public func configs(after since: Int64) throws -> [(since: Int64, config: String)] {
        try reader.read { db in
            guard try db.tableExists("hall_config") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT since, config FROM hall_config WHERE since > ? ORDER BY since", arguments: [since])
                .map { ($0[0], $0[1]) }
        }
    }
}
