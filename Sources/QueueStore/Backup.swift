import Foundation
import GRDB
import QueueCore

extension QueueStore {
    /// An online, consistent copy of the database at `source` into a new file `destination`
    /// (SQLite's VACUUM INTO: one read transaction, so a running coordinator is not stopped and
    /// the copy holds exactly the commits made before it began). The copy is a normal database:
    /// restore by putting it in a state directory as `queue.sqlite`.
    public static func backup(databaseAt source: String, to destination: String) throws {
        guard FileManager.default.fileExists(atPath: source) else {
            throw QueueError(.backup, "There is no database at \(source); give the coordinator's --state-dir.")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw QueueError(.backup, "\(destination) already exists; choose a new file name.")
        }
        var config = Configuration()
        config.readonly = true
        do {
            let db = try DatabaseQueue(path: source, configuration: config)
            try db.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [destination]) }
        } catch let error as DatabaseError {
            throw QueueError(.backup, "The backup of \(source) failed: \(error.message ?? "\(error)"). Check that this user may read the state directory and write \(destination).")
        }
    }
}

/// A folder of backups made on a schedule (the backup timer): one file a run, named by when it
/// was made in UTC (`hall-20261130T140005Z.sqlite`, so names sort by time), the newest `keep` kept.
public enum BackupFolder {
    static let prefix = "hall-"
    static let suffix = "Z.sqlite"

    public static func name(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return prefix + "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))" + suffix
    }

    /// Whether a file in the folder is one of these backups (nothing else there is ever deleted).
    public static func isBackup(_ file: String) -> Bool {
        file.hasPrefix(prefix) && file.hasSuffix(suffix) && file.count == name(at: Date(timeIntervalSince1970: 0)).count
    }

    /// The backups to delete so that the newest `keep` stay.
    public static func stale(_ names: [String], keep: Int) -> [String] {
        Array(names.filter(isBackup).sorted().dropLast(keep))
    }
}

extension QueueStore {
    /// A new backup in `folder` named by `now` (`BackupFolder`), then the oldest removed so the
    /// newest `keep` stay. The copy is made under a temporary name and renamed when whole, so a
    /// backup cut short is never counted as one. Returns the new file and the ones removed.
    public static func backup(databaseAt source: String, into folder: String, keep: Int, now: Date) throws -> (made: String, removed: [String]) {
        guard keep >= 1 else { throw QueueError(.backup, "--keep must be at least 1.") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw QueueError(.backup, "There is no folder \(folder) for the backups; make it (the package's tmpfiles make /var/backups/queue-coordinator).")
        }
        let made = (folder as NSString).appendingPathComponent(BackupFolder.name(at: now))
        let partial = (folder as NSString).appendingPathComponent(".partial-" + BackupFolder.name(at: now))
        guard !FileManager.default.fileExists(atPath: made) else {
            throw QueueError(.backup, "\(made) already exists (a backup made this second); try again.")
        }
        try? FileManager.default.removeItem(atPath: partial)
        try backup(databaseAt: source, to: partial)
        guard rename(partial, made) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: partial)
            throw QueueError(.backup, "The backup could not be named \(made): \(reason).")
        }
        // The new copy always stays, even when the clock is behind the newest name (a hall with no time server).
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != BackupFolder.name(at: now) }
        let removed = BackupFolder.stale(names, keep: keep - 1)
        for name in removed { try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name)) }
        // A copy cut short by a crash or a full disk, left from an hour ago or more.
        for name in names where name.hasPrefix(".partial-" + BackupFolder.prefix) {
            let path = (folder as NSString).appendingPathComponent(name)
            if let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, now.timeIntervalSince(modified) > 3_600 {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        return (made, removed)
    }
}
