import Foundation
import GRDB
import QueueCore

/// The reads reports and exports make: ticket rows by local day, read positionally (a year of a
/// busy hall is about a million rows). Rows are selected by the `day` column, the hall-local day
/// the coordinator numbered them in, so day boundaries are the hall's time zone's.
extension QueueStore {
    static let ticketSelect = """
        SELECT id, day, service, number, label, priority, state, outcome, issued_at, queued_at, first_called_at,
            last_called_at, call_count, counter, clerk, service_started_at, service_ended_at, transferred_from FROM ticket
        """

    /// Every ticket row whose local day is in `from…to` (inclusive), in id order.
    public func tickets(from: String, to: String) throws -> [Ticket] {
        try read { db in try Self.tickets(db, from: from, to: to) }
    }

    public static func tickets(_ db: Database, from: String, to: String) throws -> [Ticket] {
        var out: [Ticket] = []
        let rows = try Row.fetchCursor(db, sql: ticketSelect + " WHERE day BETWEEN ? AND ? ORDER BY id", arguments: [from, to])
        while let row = try rows.next() { out.append(positionalTicket(row)) }
        return out
    }

    /// At most `limit` ticket rows of `from…to` with an id above `after`, in id order: one page
    /// of the `tickets` protocol read.
    public func tickets(from: String, to: String, after: Int64, limit: Int) throws -> [Ticket] {
        try read { db in
            try Row.fetchAll(db, sql: Self.ticketSelect + " WHERE day BETWEEN ? AND ? AND id > ? ORDER BY id LIMIT ?",
                             arguments: [from, to, after, limit]).map(Self.positionalTicket)
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

    /// A row of `ticketSelect`, by column position.
    static func positionalTicket(_ row: Row) -> Ticket {
        func date(_ i: Int) -> Date? { (row[i] as Int64?).map(Date.init(milliseconds:)) }
        var t = Ticket(id: row[0], day: row[1], service: row[2], number: row[3], label: row[4],
                       priority: PriorityClass(rawValue: row[5]) ?? .normal, issuedAt: Date(milliseconds: row[8]),
                       queuedAt: date(9), transferredFrom: row[17])
        t.state = TicketState(rawValue: row[6]) ?? .done
        t.outcome = (row[7] as String?).flatMap(Outcome.init(rawValue:))
        t.firstCalledAt = date(10)
        t.lastCalledAt = date(11)
        t.callCount = row[12]
        t.counter = row[13]
        t.clerk = row[14]
        t.serviceStartedAt = date(15)
        t.serviceEndedAt = date(16)
        return t
    }
}
