import Foundation
import GRDB
import QueueCore

/// Citizens' ratings of their visits (issue 17), one per visit, kept with the visit's last
/// ticket and its service, counter and clerk as they were when it ended.
extension StoreTransaction {
    /// Records `rating` of the visit that ended with ticket `id`, kept with its day, service,
    /// counter and clerk. Refused (nothing written) unless that ticket was served on the hall's
    /// current day and the visit is not rated yet.
    public func addRating(ticket id: Int64, rating: Rating, reason: RatingReason?, at: Date) throws {
        let today = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day'")
        guard let row = try Row.fetchOne(db, sql: "SELECT day, service, counter, clerk, outcome FROM ticket WHERE id = ?", arguments: [id]),
              let day: String = row["day"], day == today, row["outcome"] as String? == Outcome.served.rawValue else {
            throw QueueError(.notRateable, "Only a visit served today can be rated, once it has ended.")
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM rating WHERE ticket = ?", arguments: [id]) == true {
            throw QueueError(.alreadyRated, "This visit has been rated already; thank you.")
        }
        try db.execute(sql: """
            INSERT INTO rating (ticket, day, service, counter, clerk, rating, reason, at, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rating))
            """, arguments: [id, day, row["service"] as String, row["counter"] as Int?, row["clerk"] as String?, rating.rawValue,
                             reason?.rawValue, at.milliseconds])
    }
}

extension StoreTransaction {
    /// Whether counter `n` served ticket `id` on `day`, ending at or after `since`.
    public func servedAt(counter n: Int, ticket id: Int64, day: String, since: Date) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT 1 FROM ticket WHERE id = ? AND day = ? AND counter = ? AND outcome = 'served' AND service_ended_at >= ?
            """, arguments: [id, day, n, since.milliseconds]) == true
    }
}

extension QueueStore {
    /// The rating of the visit that ended with ticket `id`, if it has one.
    public func rating(ticket id: Int64) throws -> Rating? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT rating FROM rating WHERE ticket = ?", arguments: [id]).flatMap(Rating.init(rawValue:))
        }
    }

    /// The ratings of local days `from…to`, counted by service, clerk, rating and reason.
    public func ratingCounts(from: String, to: String) throws -> [RatingCount]? {
        try read { db in try Self.ratingCounts(db, from: from, to: to) }
    }

    /// The ratings of local days `from…to`, counted by service, clerk, rating and reason.
    /// Nil from a database made before ratings were kept (a copy or backup read as it is).
    public static func ratingCounts(_ db: Database, from: String, to: String) throws -> [RatingCount]? {
        guard try db.tableExists("rating") else { return nil }
        return try Row.fetchAll(db, sql: """
            SELECT service, clerk, rating, reason, COUNT(*) FROM rating WHERE day BETWEEN ? AND ?
            GROUP BY service, clerk, rating, reason ORDER BY service, clerk, rating, reason
            """, arguments: [from, to]).compactMap { r in
            guard let rating = Rating(rawValue: r[2]) else { return nil }
            return RatingCount(service: r[0], clerk: r[1], rating: rating, reason: (r[3] as String?).flatMap(RatingReason.init(rawValue:)), count: r[4])
        }
    }
}
