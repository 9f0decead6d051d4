import Foundation
import GRDB
import QueueCore

/// What makes a database describe itself: the hall's identity (made once, kept by every backup
/// and copy) and the hall config in force from each start on, so a report read from a copy with
/// no hall.toml beside it is measured against the hall's own name, time zone, calendar and targets.
extension QueueStore {
    /// Records `config` as the one in force from now on (after the last recorded event), unless
    /// it is the one already recorded. Called as the coordinator loads its state.
    public func recordHallConfig(_ config: HallConfig) throws {
        let text = try Self.configText(config)
        try write { tx in
            let db = tx.db
            let last = try String.fetchOne(db, sql: "SELECT config FROM hall_config ORDER BY since DESC LIMIT 1")
            guard last != text else { return }
            // Always after the last one recorded, even with no event between two starts: a config
            // is never replaced in place (the city's copy follows by `since`).
            let lastEvent = try Int64.fetchOne(db, sql: "SELECT MAX(at) FROM event") ?? 0
            let lastSince = try Int64.fetchOne(db, sql: "SELECT MAX(since) FROM hall_config") ?? -1
            try db.execute(sql: "INSERT INTO hall_config (since, config) VALUES (?, ?)", arguments: [max(lastEvent, lastSince + 1), text])
        }
    }

    static func configText(_ config: HallConfig) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(config), as: UTF8.self)
    }

    /// The hall's identity: a random id made when the database was created (or first upgraded).
    public static func hallIdentity(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hall_id'")
    }

    /// The config in force for the local days `from…to`: the last one recorded at or before the
    /// span's last ticket was issued (or the first ever recorded, for a span before any); nil
    /// when the database predates the record.
    public static func recordedConfig(_ db: Database, from: String, to: String) throws -> HallConfig? {
        // The span's last ticket (ids grow with time): one step down the (day, id) index, not a
        // walk over every row of a year.
        let last = try Int64.fetchOne(db, sql: "SELECT issued_at FROM ticket WHERE day BETWEEN ? AND ? ORDER BY day DESC, id DESC LIMIT 1", arguments: [from, to])
        return try recordedConfigs(db, lastIssued: [to: last ?? .min])[to]
    }

    /// The config in force for each day of `lastIssued` (a day and the instant its last ticket
    /// was issued): the last one recorded at or before that instant, else the first one recorded.
    /// One read of the recorded configs, each different one decoded once; empty when the database
    /// predates the record.
    public static func recordedConfigs(_ db: Database, lastIssued: [String: Int64]) throws -> [String: HallConfig] {
        guard !lastIssued.isEmpty, try db.tableExists("hall_config") else { return [:] }
        let recorded = try Row.fetchAll(db, sql: "SELECT since, config FROM hall_config ORDER BY since").map { (since: $0[0] as Int64, config: $0[1] as String) }
        var decoded: [String: HallConfig] = [:], out: [String: HallConfig] = [:]
        for (day, last) in lastIssued {
            guard let text = ConfigInForce.at(last, among: recorded) else { return [:] }
            if decoded[text] == nil { decoded[text] = try JSONDecoder().decode(HallConfig.self, from: Data(text.utf8)) }
            out[day] = decoded[text]
        }
        return out
    }
}
