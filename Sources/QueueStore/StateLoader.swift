import Foundation
import GRDB
import QueueCore

extension QueueStore {
    /// Rebuilds the live hall state from the tables, as it was after the last committed event:
    /// open tickets, counters, today's numbering, recent calls and service times. `config` is
    /// recorded as the one in force from here on (`recordHallConfig`), so reports read later
    /// from this database, or a copy, use the config the hall really ran with.
    public func loadState(config: HallConfig) throws -> HallState {
        try recordHallConfig(config)
        return try read { db in
            let day = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day'") ?? ""
            var state = HallState(config: config, day: day)
            state.seq = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
            state.nextTicketId = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM ticket") ?? 0) + 1
            state.load(openTickets: try Row.fetchAll(db, sql: try TicketColumns.select(db) + " WHERE state != 'done'").map(TicketColumns.ticket))
            for row in try Row.fetchAll(db, sql: "SELECT * FROM counter") where config.counter(row["number"]) != nil {
                let c = CounterState(number: row["number"], status: CounterState.Status(rawValue: row["status"]) ?? .closed,
                                     clerk: row["clerk"], pauseReason: row["pause_reason"], ticket: row["ticket"])
                state.counters[c.number] = c
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT service, MAX(number) AS n FROM ticket WHERE day = ? AND transferred_from IS NULL GROUP BY service
                """, arguments: [day]) {
                state.nextNumber[row["service"]] = (row["n"] as Int) + 1
            }
            // After a same-day restore: numbers the replaced database had already given out.
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key LIKE ?", arguments: ["number_floor:\(day):%"]) {
                let service = String((row["key"] as String).dropFirst("number_floor:\(day):".count))
                if let floor = Int(row["value"] as String) { state.nextNumber[service] = max(state.nextNumber[service] ?? 1, floor + 1) }
            }
            let decoder = HallJSON.decoder()
            // Replaying today's calls and finishes rebuilds the recent lists exactly as `apply` keeps them.
            let start = LocalTime.startOfDay(day, in: state.timeZone)?.milliseconds ?? 0
            var replay = HallState(config: config, day: day)
            for body in try String.fetchAll(db, sql: """
                SELECT body FROM event WHERE at >= ? AND kind IN ('called', 'recalled', 'finished') ORDER BY seq
                """, arguments: [start]) {
                let event = try decoder.decode(Event.self, from: Data(body.utf8))
                guard let ticket = event.ticket, ticket.day == day else { continue }
                replay.apply(event)
            }
            state.recentCalls = replay.recentCalls
            state.recentServiceTimes = replay.recentServiceTimes
            return state
        }
    }
}
