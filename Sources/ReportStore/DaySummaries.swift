import Foundation
import GRDB
import QueueCore
import QueueReports
import QueueStore

/// Daily summaries (table `day_summary`, migration v-reports-2-day-summary): written for each
/// closed day, in day order, with the last summarised day in meta `day_summary_through`. A day is
/// closed once a later day has tickets (the coordinator closes a day before it opens the next), so
/// summaries never change after they are written.
extension QueueStore {
    static let summaryThroughKey = "day_summary_through"

    /// Summarises every closed day not summarised yet, a day per short write transaction (reads
    /// first, so the writer waits for a few inserts at most): its summary lines and its report
    /// tally, measured against the config recorded for that day (else `config`). Returns how
    /// many days. Safe to run beside the coordinator's writer, from any thread.
    @discardableResult
    public func summarizeClosedDays(config fallback: HallConfig) throws -> Int {
        var done = 0
        let encoder = JSONEncoder()
        while let day = try read({ db in try Self.nextDayToSummarize(db) }) {
            let (rows, config) = try read { db in
                (try Self.reportRows(db, from: day, to: day), try Self.recordedConfig(db, from: day, to: day) ?? fallback)
            }
            let lines = DaySummaryLine.make(rows)
            var tally = ReportTally()
            tally.add(rows, config: config)
            let tallyBytes = Data(tally.encoded())
            try write { tx in
                // Another summariser may have done it meanwhile.
                guard try Self.nextDayToSummarize(tx.db) == day else { return }
                for l in lines {
                    try tx.db.execute(sql: """
                        INSERT OR REPLACE INTO day_summary (day, service, clerk, counter, tickets, served, waits, service_times)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [l.day, l.service, l.clerk, l.counter, l.tickets, l.served,
                                         String(decoding: try encoder.encode(l.waits), as: UTF8.self),
                                         String(decoding: try encoder.encode(l.serviceTimes), as: UTF8.self)])
                }
                try tx.db.execute(sql: "INSERT OR REPLACE INTO day_tally (day, tally) VALUES (?, ?)", arguments: [day, tallyBytes])
                // The first day of a later month closes the months before it: each gets its days merged.
                let previous = try Self.summarizedThrough(tx.db)
                try tx.setMeta(Self.summaryThroughKey, day)
                if let previous, previous.prefix(7) < day.prefix(7) { try Self.tallyMonth(tx.db, String(previous.prefix(7))) }
            }
            done += 1
        }
        return done
    }

    /// Merges the day tallies of `month` ("2026-11") into its month tally.
    static func tallyMonth(_ db: Database, _ month: String) throws {
        var merged = ReportTally()
        let days = try Row.fetchCursor(db, sql: "SELECT tally FROM day_tally WHERE day BETWEEN ? AND ? ORDER BY day", arguments: [month + "-01", month + "-31"])
        while let row = try days.next() { merged.merge(try ReportTally(encoded: [UInt8](row[0] as Data))) }
        guard !merged.isEmpty else { return }
        try db.execute(sql: "INSERT OR REPLACE INTO month_tally (month, tally) VALUES (?, ?)", arguments: [month, Data(merged.encoded())])
    }

    /// The merged tally of the summarised days in `from…to`, and the last of them; nil when none
    /// of the span is summarised (or the database has no tallies). Whole closed months inside the
    /// span come from their month tally, the other days from their day tally.
    static func tally(_ db: Database, from: String, to: String) throws -> (tally: ReportTally, through: String)? {
        guard try db.tableExists("day_tally"), let through = try summarizedThrough(db), through >= from else { return nil }
        let end = min(to, through)
        var merged = ReportTally()
        // A month is whole in the span if it starts on or after `from` and the span reaches its last day.
        var months: [String] = []
        let endMonth = String(end.prefix(7))
        let reachesEndOfMonth = CivilDay.adding(1, to: end)?.prefix(7) != endMonth.prefix(7)
        let monthRows = try Row.fetchCursor(db, sql: "SELECT month, tally FROM month_tally WHERE month >= ? AND month \(reachesEndOfMonth ? "<=" : "<") ? ORDER BY month",
                                            arguments: [String(from.prefix(7)), endMonth])
        while let row = try monthRows.next() {
            let month: String = row[0]
            guard month + "-01" >= from else { continue }
            merged.merge(try ReportTally(encoded: [UInt8](row[1] as Data)))
            months.append(month)
        }
        // The days before and after those months (the months with a tally follow one another: a
        // month without one had no tickets).
        let ranges = months.isEmpty ? [(from, end)] : [(from, months.first! + "-00"), (months.last! + "-32", end)]
        for (first, last) in ranges where first <= last {
            let days = try Row.fetchCursor(db, sql: "SELECT tally FROM day_tally WHERE day BETWEEN ? AND ? ORDER BY day", arguments: [first, last])
            while let row = try days.next() { merged.merge(try ReportTally(encoded: [UInt8](row[0] as Data))) }
        }
        return (merged, end)
    }

    /// The first day with tickets after the last summarised one and before the open day, or nil.
    /// The open day is the coordinator's current day (meta `day`, set when a day opens) or the
    /// latest day with tickets, whichever is later: it is never summarised.
    static func nextDayToSummarize(_ db: Database) throws -> String? {
        guard try db.tableExists("day_summary"),
              let last = try String.fetchOne(db, sql: "SELECT MAX(day) FROM ticket") else { return nil }
        let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day'") ?? ""
        let through = try summarizedThrough(db) ?? ""
        return try String.fetchOne(db, sql: "SELECT MIN(day) FROM ticket WHERE day > ? AND day < ?", arguments: [through, max(last, current)])
    }

    /// The last day summarised, or nil (none, or a database older than the summaries).
    static func summarizedThrough(_ db: Database) throws -> String? {
        guard try db.tableExists("day_summary") else { return nil }
        return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [summaryThroughKey])
    }

    /// The summary lines of days `from…to` (only days summarised), in (day, service, clerk, counter) order.
    public static func daySummaries(_ db: Database, from: String, to: String) throws -> [DaySummaryLine] {
        guard try db.tableExists("day_summary") else { return [] }
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: """
            SELECT day, service, clerk, counter, tickets, served, waits, service_times FROM day_summary
            WHERE day BETWEEN ? AND ? ORDER BY day, service, clerk, counter
            """, arguments: [from, to]).map { r in
            var l = DaySummaryLine(day: r[0], service: r[1], clerk: r[2], counter: r[3])
            l.tickets = r[4]
            l.served = r[5]
            l.waits = try decoder.decode(SecondHistogram.self, from: Data((r[6] as String).utf8))
            l.serviceTimes = try decoder.decode(SecondHistogram.self, from: Data((r[7] as String).utf8))
            return l
        }
    }

    /// Served rows per clerk over local days `from…to`: from the daily summaries for the days
    /// summarised, from the rows for the others (the same counts, without reading a year of rows).
    static func servedPerClerkSummarized(_ db: Database, from: String, to: String) throws -> [String: Int] {
        guard let through = try summarizedThrough(db), through >= from else { return try servedPerClerk(db, from: from, to: to) }
        var out: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT clerk, SUM(served) FROM day_summary WHERE day BETWEEN ? AND ? AND clerk != '' GROUP BY clerk HAVING SUM(served) > 0
            """, arguments: [from, min(to, through)]) {
            out[row[0], default: 0] += row[1]
        }
        if to > through {
            for row in try Row.fetchAll(db, sql: """
                SELECT clerk, COUNT(*) FROM ticket WHERE day > ? AND day BETWEEN ? AND ? AND outcome = 'served' AND clerk IS NOT NULL GROUP BY clerk
                """, arguments: [through, from, to]) {
                out[row[0], default: 0] += row[1]
            }
        }
        return out
    }
}
