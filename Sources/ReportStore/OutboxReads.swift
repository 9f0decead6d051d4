import GRDB
import QueueStore

extension ReportReader {
    /// Up to `limit` events after sequence `after`, in order, as the JSON the log keeps.
    public func eventBodies(after: Int64, limit: Int) throws -> [(seq: Int64, body: String)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, body FROM event WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit])
                .map { ($0[0], $0[1]) }
        }
    }

    /// The last event's sequence (0: none).
    public func lastSeq() throws -> Int64 {
        try reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0 }
    }

    /// The configs recorded after `since` (ms), in order: when each came into force, and its JSON.
    public func configs(after since: Int64) throws -> [(since: Int64, config: String)] {
        try reader.read { db in
            guard try db.tableExists("hall_config") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT since, config FROM hall_config WHERE since > ? ORDER BY since", arguments: [since])
                .map { ($0[0], $0[1]) }
        }
    }
}
