import Foundation
import GRDB
import QueueCore

/// What the coordinator checks before it serves from a database file, so that it never runs on a
/// file it would damage or cannot use: each refusal says what the file is and what to do.
enum OpeningChecks {
    /// Our own tables; a file holding tables but none of these is someone else's database.
    static let ourTables: Set<String> = ["meta", "ticket", "event", "grdb_migrations"]

    /// Looks at an existing file read-only, before anything (WAL mode, migrations) touches it.
    static func beforeOpening(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var config = Configuration()
        config.readonly = true
        let facts: (Set<String>, Bool, String)
        do {
            let db = try DatabaseQueue(path: path, configuration: config)
            facts = try readFacts(db, path: path)
            try db.close()
        } catch let error as QueueError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw QueueError(.database, "\(path) is not an SQLite database, or is damaged (\(error.message ?? "\(error)")). Move it away, or restore a backup with `queuectl restore`.")
        } catch {
            throw QueueError(.storage, "Cannot read the database \(path): \(error). Check the state directory's permissions.")
        }
        let (tables, superseded, check) = facts
        if !tables.isEmpty, tables.isDisjoint(with: ourTables) {
            throw QueueError(.database, "\(path) is not a queue database (it holds the tables \(tables.sorted().prefix(5).joined(separator: ", "))). Move it away, or give another --state-dir.")
        }
        if superseded {
            throw QueueError(.database, "\(path) was written by a newer version of queue-coordinator (its schema has migrations this version does not know). Run the newer version, or restore a backup made by this one.")
        }
        if check != "ok" {
            throw QueueError(.storage, "\(path) is damaged (SQLite quick_check: \(check)). Stop here: restore the last backup with `queuectl restore`, and keep the damaged file for inspection.")
        }
    }

    private static func readFacts(_ writer: any DatabaseReader, path: String) throws -> (Set<String>, Bool, String) {
        do {
            return try writer.read { db in
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
                let superseded = tables.contains("grdb_migrations") ? try Migrations.migrator.hasBeenSuperseded(db) : false
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "; ")
                return (tables, superseded, check)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw QueueError(.database, "\(path) is not an SQLite database, or is damaged (\(error.message ?? "\(error)")). Move it away, or restore a backup with `queuectl restore`.")
        }
    }

    /// A real write (the time the database was last opened), so a read-only directory, a full
    /// disk or a read-only file is found at start-up, not at the first ticket.
    static func canWrite(_ writer: any DatabaseWriter, path: String) throws {
        do {
            try writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened', ?)", arguments: [String(Date().milliseconds)])
            }
        } catch {
            throw QueueError(.storage, "Cannot write to \(path): \(error). Check that the state directory and the file are writable by this user and that the disk has room.")
        }
    }
}
