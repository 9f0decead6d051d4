import Foundation
import GRDB
import QueueCore

/// The coordinator's SQLite database: tickets, the append-only event log, counters, devices and
/// remembered replies. WAL with synchronous=FULL, so a committed transaction survives a power cut.
/// The coordinator is its only writer.
public final class QueueStore: Sendable {
    /// The connection pool. Only this module writes the queue's tables; ReportStore, the read side
    /// of the same file, reads through `read` and writes only its daily summaries.
    let writer: any DatabaseWriter
    public let path: String?

    /// Opens (creating if needed) the database file at `path` and migrates it.
    /// Refuses, with a sentence, a file that is not ours, one written by a newer version, one that
    /// fails SQLite's quick check, and one it cannot write (`OpeningChecks`).
    public init(path: String) throws {
        try OpeningChecks.beforeOpening(path: path)
        var config = Configuration()
        config.busyMode = .timeout(5)
        do {
            writer = try Self.durablePool(path: path, configuration: config)
        } catch {
            throw QueueError(.storage, "Cannot open the database \(path): \(error). Check the state directory's permissions and free space.")
        }
        self.path = path
        try Migrations.migrator.migrate(writer)
        try OpeningChecks.canWrite(writer, path: path)
    }

    /// A clean stop: folds the WAL back into the database file (TRUNCATE checkpoint) and closes
    /// it, so `queue.sqlite` copied alone afterwards holds everything.
    public func close() throws {
        try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try writer.close()
    }

    /// A WAL pool whose writer commits with synchronous=FULL: a commit is on disk before it returns.
    /// (GRDB sets NORMAL on the writer when it turns WAL on, after `prepareDatabase`; set it afterwards.)
    public static func durablePool(path: String, configuration: Configuration = Configuration()) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    /// A database in memory with the same schema, for tests.
    public init(inMemory: Void = ()) throws {
        writer = try DatabaseQueue()
        path = nil
        try Migrations.migrator.migrate(writer)
    }

    /// Runs `body` in one write transaction; everything in it commits durably together or not at all.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(StoreTransaction(db: db)) }
    }

    /// A read of committed data (ReportStore's queries).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    // MARK: - Queries

    public func lastSeq() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0 }
    }

    /// The time of the newest event, if any.
    public func lastEventTime() throws -> Date? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT at FROM event ORDER BY seq DESC LIMIT 1").map(Date.init(milliseconds:)) }
    }

    /// Events after `seq`, oldest first, at most `limit`.
    public func events(after seq: Int64, limit: Int = 10_000) throws -> [Event] {
        try read { db in
            let decoder = HallJSON.decoder()
            return try String.fetchAll(db, sql: "SELECT body FROM event WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map { try decoder.decode(Event.self, from: Data($0.utf8)) }
        }
    }

    public func tickets(day: String) throws -> [Ticket] {
        try read { db in try Row.fetchAll(db, sql: try TicketColumns.select(db) + " WHERE day = ? ORDER BY id", arguments: [day]).map(TicketColumns.ticket) }
    }

    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    // MARK: - Devices

    /// A device with its key, for the handshake.
    public struct Device: Sendable {
        public var info: DeviceInfo
        public var key: Data
        public init(info: DeviceInfo, key: Data) {
            self.info = info
            self.key = key
        }
    }

    public func device(named name: String) throws -> Device? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM device WHERE name = ?", arguments: [name]).map(Self.device) }
    }

    public func devices() throws -> [DeviceInfo] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM device ORDER BY name").map { Self.device($0).info } }
    }

    static func device(_ row: Row) -> Device {
        Device(info: DeviceInfo(name: row["name"], role: Role(rawValue: row["role"]) ?? .display, counter: row["counter"],
                                createdAt: Date(milliseconds: row["created_at"]),
                                revokedAt: (row["revoked_at"] as Int64?).map(Date.init(milliseconds:))),
               key: row["key"])
    }
}

extension QueueStore {
    /// Every device with its key, revoked ones included (the coordinator's device directory).
    public func allDevices() throws -> [Device] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM device").map(Self.device) }
    }
}
