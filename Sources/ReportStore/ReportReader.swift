import Foundation
import GRDB
import QueueCore
import QueueReports
import QueueStore

/// A read-only view of a coordinator's database for reports and exports: opens an existing file
/// without migrating or writing it, so it is safe beside a running coordinator (WAL readers never
/// block the writer) and on a copied backup.
public final class ReportReader: Sendable {
    public let path: String
    let reader: any DatabaseReader

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw QueueError(.noDatabase, "There is no database at \(path); give the coordinator's database file (queue.sqlite in its state directory).")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        do {
            reader = try DatabasePool(path: path, configuration: config)
            _ = try reader.read { db in try db.tableExists("ticket") ? 1 : 0 }
        } catch {
            throw QueueError(.storage, "Cannot read the database \(path): \(error). Is it a coordinator's queue.sqlite, readable by this user?")
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
    /// The rows of local days `from…to` as report rows (no priority or call count: about twice
    /// as fast as full `Ticket`s), in (day, id) order.
    public func ticketTimes(from: String, to: String) throws -> [ReportTicket] {
        try reader.read { db in try QueueStore.reportRows(db, from: from, to: to) }
    }

    /// Everything a report of `from…to` needs from this database (`ReportData`): the daily
    /// tallies of the summarised days and the other days' rows (`summaries: false`: every row).
    public func reportData(from: String, to: String, summaries: Bool = true) throws -> ReportData {
        try reader.read { db in try QueueStore.reportData(db, from: from, to: to, summaries: summaries) }
    }

    /// The hall config this database recorded for `from…to`, if it keeps one.
    public func recordedConfig(from: String, to: String) throws -> HallConfig? {
        try reader.read { db in try QueueStore.recordedConfig(db, from: from, to: to) }
    }
}
