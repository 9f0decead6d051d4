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
