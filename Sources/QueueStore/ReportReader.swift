import Foundation
import GRDB
import QueueCore
import QueueReports

/// A read-only view of a coordinator's database for reports and exports: opens an existing file
/// without migrating or writing it, so it is safe beside a running coordinator (WAL readers never
/// block the writer) and on a copied backup.
public final class ReportReader: @unchecked Sendable {
    public let path: String
    let reader: any DatabaseReader

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw QueueError("no-database", "There is no database at \(path); give the coordinator's database file (queue.sqlite in its state directory).")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            reader = try DatabasePool(path: path, configuration: config)
            _ = try reader.read { db in try db.tableExists("ticket") ? 1 : 0 }
        } catch {
            throw QueueError("storage", "Cannot read the database \(path): \(error). Is it a coordinator's queue.sqlite, readable by this user?")
        }
        self.path = path
    }

    /// Every ticket row whose local day is in `from…to` (inclusive), in id order.
    public func tickets(from: String, to: String) throws -> [Ticket] {
        try reader.read { db in try QueueStore.tickets(db, from: from, to: to) }
    }

    /// The first and last local day with any ticket, or nil when there are none.
    public func ticketDays() throws -> (first: String, last: String)? {
        try reader.read { db in try QueueStore.ticketDays(db) }
    }
}

extension ReportReader {
    /// The rows of local days `from…to` as report rows, straight from the columns reports need
    /// (no label, priority or call count: about twice as fast as full `Ticket`s), in (day, id) order.
    public func ticketTimes(from: String, to: String) throws -> [ReportTicket] {
        try reader.read { db in
            var out: [ReportTicket] = []
            var clerks: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, day, service, outcome, issued_at, queued_at, first_called_at, last_called_at, counter, clerk,
                    service_started_at, service_ended_at, transferred_from FROM ticket WHERE day BETWEEN ? AND ? ORDER BY day, id
                """, arguments: [from, to])
            while let r = try rows.next() {
                // One copy of each clerk's name, not one per row.
                var clerk: String? = r[9]
                if let c = clerk { clerk = clerks[c] ?? { clerks[c] = c; return c }() }
                out.append(ReportTicket(id: r[0], day: r[1], service: r[2], outcome: (r[3] as String?).flatMap(Outcome.init(rawValue:)),
                                        issuedAt: r[4], queuedAt: r[5], firstCalledAt: r[6], lastCalledAt: r[7], counter: r[8], clerk: clerk,
                                        serviceStartedAt: r[10], serviceEndedAt: r[11], transferredFrom: r[12]))
            }
            return out
        }
    }
}
