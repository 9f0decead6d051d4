import Foundation
import GRDB
import QueueCore

extension QueueStore {
    /// The lock a running coordinator holds on its state directory; `restore` needs it free.
    public static let lockFile = "coordinator.lock"

    /// Takes the state directory's lock for as long as the returned descriptor stays open, or
    /// nil when another process (a running coordinator) holds it. A lock file this user cannot
    /// open (a state directory it may not write) throws that sentence.
    public static func lockStateDirectory(_ dir: String) throws -> Int32? {
        let path = (dir as NSString).appendingPathComponent(lockFile)
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw QueueError(.stateDir, "Cannot write \(path) (\(reason)): the state directory \(dir) and its files must be writable by this user (uid \(geteuid())); chown them to it, or give another --state-dir.")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { closeDescriptor(fd); return nil }
        return fd
    }

    /// What `restore` found: the backup's last day, and whether the live database had reached it.
    public struct RestorePlan: Sendable {
        public var backupDay: String
        public var liveDay: String?
        public var sameDay: Bool { liveDay == backupDay }
    }

    /// Puts `backup` in place of the state directory's database, with the coordinator stopped:
    /// checks the backup whole (integrity_check, our schema), keeps the replaced files beside it
    /// (`queue.sqlite.replaced-<time>`), removes the stale -wal/-shm that would corrupt the copy,
    /// and, for a backup of the live day, carries the live numbering forward so no number of that
    /// day is given twice. A backup of the live day is refused unless `force`.
    @discardableResult
    public static func restore(backup: String, stateDir: String, force: Bool, now: Date = Date()) throws -> RestorePlan {
        guard let lock = try lockStateDirectory(stateDir) else {
            throw QueueError(.busy, "The coordinator is running on \(stateDir); stop it first (systemctl stop queue-coordinator), then restore.")
        }
        defer { closeDescriptor(lock) }
        let backupDay = try checkBackup(backup)
        let live = (stateDir as NSString).appendingPathComponent("queue.sqlite")
        var floors: [(String, Int)] = []
        var liveDay: String?
        if FileManager.default.fileExists(atPath: live) {
            var config = Configuration()
            config.readonly = true
            if let db = try? DatabaseQueue(path: live, configuration: config) {
                liveDay = try? db.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'day'") }
                if let liveDay, liveDay == backupDay {
                    floors = (try? db.read { db in
                        try Row.fetchAll(db, sql: "SELECT service, MAX(number) AS n FROM ticket WHERE day = ? GROUP BY service", arguments: [liveDay])
                            .map { ($0["service"] as String, $0["n"] as Int) }
                    }) ?? []
                }
                try? db.close()
            }
        }
        let plan = RestorePlan(backupDay: backupDay, liveDay: liveDay)
        if plan.sameDay, !force {
            throw QueueError(.sameDay, "The backup is of \(backupDay), the day the live database is on: numbers issued after the backup could be given again. Restore after the hall has closed for the day, or add --force (the numbering then continues above what the live database issued).")
        }
        let stamp = String(Int(now.timeIntervalSince1970))
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: live + suffix) {
            try FileManager.default.moveItem(atPath: live + suffix, toPath: live + suffix + ".replaced-" + stamp)
        }
        try FileManager.default.copyItem(atPath: backup, toPath: live)
        let restored = try DatabaseQueue(path: live)
        try restored.write { db in
            for (service, n) in floors {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: ["number_floor:\(backupDay):\(service)", String(n)])
            }
        }
        try restored.close()
        return plan
    }

    /// The backup's last recorded day, once it passes SQLite's integrity check and holds our schema.
    static func checkBackup(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw QueueError(.noBackup, "There is no file \(path).") }
        var config = Configuration()
        config.readonly = true
        do {
            let db = try DatabaseQueue(path: path, configuration: config)
            defer { try? db.close() }
            return try db.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard check == "ok" else { throw QueueError(.badBackup, "\(path) is damaged (integrity_check: \(check)); use an older backup.") }
                guard try db.tableExists("ticket"), try db.tableExists("event"), try db.tableExists("meta") else {
                    throw QueueError(.badBackup, "\(path) is not a backup of a queue database.")
                }
                return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day'") ?? ""
            }
        } catch let error as QueueError {
            throw error
        } catch {
            throw QueueError(.badBackup, "\(path) cannot be read as a database (\(error)); use another backup.")
        }
    }
}

/// Outside the extension, where `close` means the store's own method.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
