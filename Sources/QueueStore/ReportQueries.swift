import Foundation
import GRDB
import QueueCore

/// The reads reports and exports make: ticket rows by local day, read positionally (a year of a
/// busy hall is about a million rows). Rows are selected by the `day` column, the hall-local day
/// the coordinator numbered them in, so day boundaries are the hall's time zone's.
extension QueueStore {
    /// Every ticket row whose local day is in `from…to` (inclusive), in id order.
    public func tickets(from: String, to: String) throws -> [Ticket] {
        try read { db in try Self.tickets(db, from: from, to: to) }
    }

    public static func tickets(_ db: Database, from: String, to: String) throws -> [Ticket] {
        var out: [Ticket] = []
        let rows = try Row.fetchCursor(db, sql: try TicketColumns.select(db) + " WHERE day BETWEEN ? AND ? ORDER BY id", arguments: [from, to])
        while let row = try rows.next() { out.append(TicketColumns.ticket(row)) }
        return out
    }

    /// At most `limit` ticket rows of `from…to` with an id above `after`, in id order: one page
    /// of the `tickets` protocol read.
    public func tickets(from: String, to: String, after: Int64, limit: Int) throws -> [Ticket] {
        try read { db in
            try Row.fetchAll(db, sql: try TicketColumns.select(db) + " WHERE day BETWEEN ? AND ? AND id > ? ORDER BY id LIMIT ?",
                             arguments: [from, to, after, limit]).map(TicketColumns.ticket)
        }
    }

    /// When each of `counters` was last paused (counter → ms), from the event log.
    public func pauseTimes(of counters: [Int]) throws -> [Int: Int64] {
        guard !counters.isEmpty else { return [:] }
        return try read { db in
            var out: [Int: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT counter, MAX(at) FROM event WHERE kind = 'paused' AND counter IN (\(counters.map { _ in "?" }.joined(separator: ","))) GROUP BY counter
                """, arguments: StatementArguments(counters)) {
                out[row[0] as Int] = row[1]
            }
            return out
        }
    }

    /// When each cancelled ticket among `tickets` was cancelled (ticket id → ms), from the event
    /// log; nil when none was cancelled.
    public func cancelTimes(of tickets: [Ticket]) throws -> [String: Int64]? {
        let ids = tickets.filter { $0.outcome == .cancelled }.map(\.id)
        guard !ids.isEmpty else { return nil }
        return try read { db in
            var out: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT ticket_id, MAX(at) FROM event WHERE kind = 'cancelled' AND ticket_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) GROUP BY ticket_id
                """, arguments: StatementArguments(ids)) {
                out[String(row[0] as Int64)] = row[1]
            }
            return out
        }
    }

    /// The first and last local day with any ticket, or nil for an empty database.
    public func ticketDays() throws -> (first: String, last: String)? {
        try read { db in try Self.ticketDays(db) }
    }

    public static func ticketDays(_ db: Database) throws -> (first: String, last: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT MIN(day), MAX(day) FROM ticket"),
              let first = row[0] as String?, let last = row[1] as String? else { return nil }
        return (first, last)
    }
}
