import Foundation
import GRDB
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import QueueTestSupport
@testable import ReportStore
import Testing

/// Daily summaries give the same figures as the rows: counts exactly, percentiles to the second.
@Suite struct DaySummaryTests {
    @Test func mergedHistogramsGiveTheRowsPercentilesToTheSecond() {
        var rng = SeededRandom(seed: 7)
        var all: [Int64] = []
        var merged = SecondHistogram()
        for _ in 0..<12 {
            var day = SecondHistogram()
            for _ in 0..<Int(rng.next() % 400) {
                let ms = Int64(rng.next() % 3_600_000)
                all.append(ms)
                day.add(milliseconds: ms)
            }
            merged.merge(day)
        }
        let sorted = all.sorted()
        for p in [1, 50, 90, 95, 99, 100] {
            #expect(merged.percentileSecond(p) == Summary.nearestRank(sorted, percent: p) / 1000, "p\(p)")
        }
        #expect(merged.count == all.count && merged.sumMilliseconds == all.reduce(0, +))
        #expect(merged.maxMilliseconds == sorted.last && merged.minMilliseconds == sorted.first)
        #expect(SecondHistogram().percentileSecond(50) == nil)
    }

    /// A database in `dir` holding `days` of the sample hall, as the simulator's model would have
    /// committed them (written through the store, no coordinator).
    static func simulatedHall(in dir: String, days: [String], ticketsPerDay: Int, seed: UInt64) throws -> (QueueStore, HallConfig) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = try SimulatedHall.parse(DefaultHallText.sample, file: "sample")
        let store = try QueueStore(path: dir + "/queue.sqlite")
        try Simulation(scenario: Scenario(ticketsPerDay: ticketsPerDay), seed: seed).offlineEvents(days: days, config: config) { events in
            try store.write { try $0.append(events) }
        }
        return (store, config)
    }

    @Test func summariesOfSimulatedWeeksEqualTheRows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("summaries-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, config) = try Self.simulatedHall(in: dir, days: (1...12).map { String(format: "2026-12-%02d", $0) }, ticketsPerDay: 300, seed: 11)
        let written = try store.summarizeClosedDays(config: config)
        let (first, last) = try #require(try store.ticketDays())
        // Every closed day with tickets is summarised, once: every day before the open one (the
        // coordinator's current day once a later day opened, else the last day with tickets).
        let open = max(last, try store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'day'") } ?? "")
        let closed = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT day FROM ticket WHERE day < ? ORDER BY day", arguments: [open]) }
        #expect(written == closed.count && written > 5)
        #expect(try store.summarizeClosedDays(config: config) == 0)
        #expect(try store.read { db in try QueueStore.summarizedThrough(db) } == closed.last)

        try store.read { db in
            // The clerks' year to date: summaries for closed days plus rows for the rest.
            for (from, to) in [(first, last), (first, closed.last!), ("2026-01-01", "2026-12-05"), ("2026-12-04", "2026-12-09"), (last, last)] {
                #expect(try QueueStore.servedPerClerkSummarized(db, from: from, to: to) == QueueStore.servedPerClerk(db, from: from, to: to), "\(from) – \(to)")
            }
            // A span of summarised days: merged histograms against the span's rows.
            let rows = try QueueStore.reportRows(db, from: first, to: closed.last!)
            let lines = try QueueStore.daySummaries(db, from: first, to: closed.last!)
            #expect(lines.reduce(0) { $0 + $1.tickets } == rows.count)
            #expect(lines.reduce(0) { $0 + $1.served } == rows.filter { $0.outcome == .served }.count)
            var waits = SecondHistogram(), services = SecondHistogram()
            for l in lines { waits.merge(l.waits); services.merge(l.serviceTimes) }
            let rowWaits = rows.compactMap { r in r.firstCalledAt.map { $0 - r.queuedAt } }.sorted()
            let rowServices = rows.compactMap { r -> Int64? in
                guard let s = r.serviceStartedAt, let e = r.serviceEndedAt else { return nil }
                return e - s
            }.sorted()
            #expect(waits.count == rowWaits.count && services.count == rowServices.count)
            let total = HallReport.make(tickets: rows, config: config, from: first, to: closed.last!).total
            for p in [50, 90, 95] {
                #expect(waits.percentileSecond(p) == Summary.nearestRank(rowWaits, percent: p) / 1000)
                #expect(services.percentileSecond(p) == Summary.nearestRank(rowServices, percent: p) / 1000)
            }
            #expect(waits.maxMilliseconds == rowWaits.last)
            // The report's own leg figures, from the rows, agree with the summaries: mean exactly,
            // median and p90 to the second.
            if let wait = total.wait {
                #expect(wait.count == waits.count && wait.mean == waits.mean)
                #expect(Int64(wait.median.rounded(.down)) == waits.percentileSecond(50) && Int64(wait.p90.rounded(.down)) == waits.percentileSecond(90))
            }
        }
    }

    /// The targets changed between two days: each day is counted against the config recorded
    /// for it, whether it is read from its tally or from its rows (a copy never tallied, the day
    /// not closed yet), and `--config` (no day configs) counts every row against the one given.
    @Test func eachDayIsCountedAgainstItsOwnConfigTalliedOrNot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("configs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let loose = try SimulatedHall.parse(DefaultHallText.sample, file: "sample")
        var strict = loose
        for i in strict.services.indices { strict.services[i].waitTarget = 60 }
        let days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]
        let store = try QueueStore(path: dir + "/queue.sqlite")
        try store.recordHallConfig(loose)
        try Simulation(scenario: Scenario(ticketsPerDay: 200), seed: 3).offlineEvents(days: days, config: loose) { events in
            // From the third day on the hall ran with one-minute wait targets.
            if events.contains(where: { $0.ticket?.day == days[2] }) { try store.recordHallConfig(strict) }
            try store.write { try $0.append(events) }
        }
        let rowsOf = { (from: String, to: String) in try store.read { db in try QueueStore.reportRows(db, from: from, to: to) } }
        // Reports compared, not tallies: a merge of day tallies holds the same figures as one
        // count of the same rows, not always the same bytes.
        let report = { (tally: ReportTally) in HallReport.make(tally: tally, config: strict, from: days[0], to: days[3]) }
        var expected = ReportTally()
        expected.add(try rowsOf(days[0], days[1]), config: loose)
        expected.add(try rowsOf(days[2], days[3]), config: strict)
        var allStrict = ReportTally()
        allStrict.add(try rowsOf(days[0], days[3]), config: strict)
        #expect(report(expected).total.withinTarget != report(allStrict).total.withinTarget,
                "the targets changed nothing: the test would not see a day counted against the wrong config")

        let fromRows = try store.reportData(from: days[0], to: days[3], summaries: false)
        #expect(fromRows.tallied == nil && fromRows.dayConfigs[days[0]] == loose && fromRows.dayConfigs[days[3]] == strict)
        for day in days {
            #expect(try fromRows.dayConfigs[day] == store.read { db in try QueueStore.recordedConfig(db, from: day, to: day) }, "\(day)")
        }
        #expect(report(fromRows.tally(config: strict, now: nil)) == report(expected))
        // The first day from its tally (the others read as not summarised yet), then rows that
        // cross the change.
        #expect(try store.summarizeClosedDays(config: loose) >= 3)
        try store.write { try $0.setMeta("day_summary_through", days[0]) }
        let mixed = try store.reportData(from: days[0], to: days[3])
        #expect(mixed.tallied?.through == days[0] && mixed.dayConfigs.count == 3 && mixed.dayConfigs[days[1]] == loose)
        #expect(report(mixed.tally(config: strict, now: nil)) == report(expected))
        // A config given by hand: every row against it.
        var given = fromRows
        given.dayConfigs = [:]
        #expect(report(given.tally(config: strict, now: nil)) == report(allStrict))
    }

    /// A report made from the days' tallies (and the rows of the days not summarised) is the
    /// report made from every row: every figure, list and breakdown, whatever the span (whole
    /// months from their month tally) and the interval, across weekends of simulated weeks.
    @Test func aReportFromDailyTalliesIsTheReportFromTheRows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tallies-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, config) = try Self.simulatedHall(in: dir, days: (1...30).map { String(format: "2026-11-%02d", $0) } + (1...16).map { String(format: "2026-12-%02d", $0) }, ticketsPerDay: 120, seed: 5)
        #expect(try store.summarizeClosedDays(config: config) > 8)
        let (first, last) = try #require(try store.ticketDays())
        // Days after the 10th read as not summarised yet: spans across the 10th mix tallies and rows.
        let through = "2026-12-10"
        try store.write { try $0.setMeta("day_summary_through", through) }
        #expect(through < last)
        // November closed when December began: its days are merged into a month tally too.
        #expect(try store.read { db in try String.fetchAll(db, sql: "SELECT month FROM month_tally") } == ["2026-11"])
        for (from, to) in [(first, last), (first, through), ("2026-12-03", "2026-12-09"), (through, last), (last, last), ("2026-12-05", "2026-12-05"),
                           ("2026-11-01", "2026-11-30"), ("2026-11-02", "2026-12-03"), ("2026-10-15", "2026-12-01"), ("2026-11-30", "2026-12-01")] {
            for interval in [15, 30, 60] {
                let data = try store.reportData(from: from, to: to)
                let rowsOnly = try store.reportData(from: from, to: to, summaries: false)
                #expect(data.tallied != nil || from > through, "\(from) – \(to): no tallies used")
                let context = data.context(intervalMinutes: interval)
                let fromTallies = data.report(config: config, from: from, to: to, context: context)
                let fromRows = HallReport.make(tickets: rowsOnly.rows, config: config, from: from, to: to, context: context)
                #expect(fromTallies == fromRows, "\(from) – \(to), \(interval) min")
                #expect(fromTallies.total.tickets == rowsOnly.rows.count && fromTallies.total.tickets > 0)
            }
        }
        // A day's tally is kept in its binary form and comes back the same.
        let day = try store.read { db in try Data.fetchOne(db, sql: "SELECT tally FROM day_tally WHERE day = ?", arguments: [first]) }
        let decoded = try ReportTally(encoded: [UInt8](try #require(day)))
        var counted = ReportTally()
        counted.add(try store.read { db in try QueueStore.reportRows(db, from: first, to: first) }, config: config)
        #expect(decoded == counted)

        // A damaged tally (bytes changed or cut short) is refused or read, never a crash, and a
        // report can be made of whatever was read.
        let bytes = try #require(day).map { $0 }
        var rng = SeededRandom(seed: 13)
        var refused = 0
        for round in 0..<3_000 {
            var damaged = bytes
            if round % 3 == 0 {
                damaged = Array(damaged.prefix(Int(rng.next() % UInt64(damaged.count))))
            } else {
                for _ in 0..<(1 + Int(rng.next() % 4)) { damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(rng.next() % 256) }
            }
            guard let tally = try? ReportTally(encoded: damaged) else { refused += 1; continue }
            _ = HallReport.make(tally: tally, config: config, from: first, to: first)
        }
        #expect(refused > 1_000)
        // And a report of a span whose tally is damaged is counted from its rows.
        try store.write { try $0.db.execute(sql: "UPDATE day_tally SET tally = x'0102' WHERE day = ?", arguments: [first]) }
        let healed = try store.reportData(from: first, to: first)
        #expect(healed.tallied == nil && !healed.rows.isEmpty)
    }

    /// A day is summarised when it closes, without waiting for a report or a restart.
    @Test func aDayIsSummarisedAsSoonAsItCloses() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        _ = try await hall.send(.command(.issue(service: "A", priority: .normal)))
        let reader = try ReportReader(path: hall.stateDir + "/queue.sqlite")
        #expect(try await reader.reader.read { db in try QueueStore.summarizedThrough(db) } == nil)
        // The next morning: the day closes; nobody asks for a report and nothing is issued.
        _ = try await hall.send(.advanceClock(24 * 3600))
        var through: String?
        for _ in 0..<100 where through == nil {
            try await Task.sleep(for: .milliseconds(50))
            through = try await reader.reader.read { db in try QueueStore.summarizedThrough(db) }
        }
        #expect(through == CoordinatorProcess.day)
    }
}
