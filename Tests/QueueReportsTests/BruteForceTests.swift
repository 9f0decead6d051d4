import Foundation
import GRDB
import QueueConfig
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import ReportStore
import QueueTestSupport
import Testing

/// Every figure of a report, recomputed the slow and obvious way from the raw timestamps in the
/// database the real coordinator wrote while the simulator drove it: across local midnight, in a
/// hall east of UTC, and on the days a daylight-saving zone gains and loses an hour.
@Suite(.serialized)
struct BruteForceTests {
    @Test func everyFigureMatchesARecomputationOnTheSampleHall() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: DefaultHall.toml, days: ["2026-11-30", "2026-12-01", "2026-12-05"], tickets: 260, seed: 11)
        try check(run, config: HallConfigLoader.defaultHall(), from: "2026-11-30", to: "2026-12-05")
        try check(run, config: HallConfigLoader.defaultHall(), from: "2026-12-01", to: "2026-12-01")
    }

    @Test func acrossLocalMidnightInAHallSevenHoursEastOfUTC() async throws {
        let run = SimulatedRun()
        let toml = TestHalls.allDay(zone: "Asia/Ho_Chi_Minh")
        _ = try await run.run(toml: toml, days: ["2026-12-31", "2027-01-01"], tickets: 600, seed: 3)
        let config = try SimulatedHall.parse(toml, file: "test")
        try check(run, config: config, from: "2026-12-31", to: "2027-01-01")
        try check(run, config: config, from: "2027-01-01", to: "2027-01-01")
        // The edge is really exercised: tickets were issued in the last hour before local midnight
        // (16:00–17:00 UTC), and tickets still waiting at midnight were closed as open at close
        // on the day they were issued, not dropped and not moved to the next day.
        let rows = try rawRows(run)
        #expect(rows.contains { $0.day == "2026-12-31" && localHour($0.issuedAt, "Asia/Ho_Chi_Minh") == 23 })
        let open = rows.filter { $0.day == "2026-12-31" && $0.outcome == "open-at-close" }
        #expect(!open.isEmpty)
        let report = HallReport.make(tickets: try ReportReader(path: run.database).tickets(from: "2026-12-31", to: "2026-12-31").map(ReportTicket.init),
                                     config: config, from: "2026-12-31", to: "2026-12-31")
        #expect(report.total.openAtClose == open.count)
    }

    @Test func onTheDaysADaylightSavingZoneLosesAndGainsAnHour() async throws {
        let toml = TestHalls.allDay(zone: "Europe/Berlin")
        let config = try SimulatedHall.parse(toml, file: "test")
        let spring = SimulatedRun()
        _ = try await spring.run(toml: toml, days: ["2026-03-28", "2026-03-29", "2026-03-30"], tickets: 240, seed: 5)
        try check(spring, config: config, from: "2026-03-28", to: "2026-03-30")
        try check(spring, config: config, from: "2026-03-29", to: "2026-03-29")
        let fall = SimulatedRun()
        _ = try await fall.run(toml: toml, days: ["2026-10-25", "2026-10-26"], tickets: 240, seed: 6)
        try check(fall, config: config, from: "2026-10-25", to: "2026-10-26")
        let rows = try rawRows(fall).filter { $0.day == "2026-10-25" }
        // 25 hours that day: the hour 02 happens twice (before and after 01:00 UTC), both in one bucket.
        let twice = rows.filter { localHour($0.issuedAt, "Europe/Berlin") == 2 }.map(\.issuedAt)
        #expect(twice.contains { $0 < 1_792_890_000_000 } && twice.contains { $0 >= 1_792_890_000_000 })
    }

    @Test func theSameSeedGivesTheSameData() async throws {
        let a = SimulatedRun(), b = SimulatedRun()
        _ = try await a.run(toml: DefaultHall.toml, days: ["2026-11-30"], tickets: 200, seed: 42)
        _ = try await b.run(toml: DefaultHall.toml, days: ["2026-11-30"], tickets: 200, seed: 42)
        let rowsA = try rawRows(a), rowsB = try rawRows(b)
        #expect(rowsA.count > 150)
        #expect(rowsA == rowsB)
    }

    // MARK: - The brute force

    struct Raw: Equatable {
        var id: Int64, day: String, service: String, label: String, outcome: String?, state: String
        var issuedAt: Int64, queuedAt: Int64, firstCalledAt: Int64?, lastCalledAt: Int64?
        var counter: Int?, clerk: String?, serviceStartedAt: Int64?, serviceEndedAt: Int64?, transferredFrom: Int64?
    }

    func rawRows(_ run: SimulatedRun) throws -> [Raw] {
        try DatabaseQueue(path: run.database).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ticket ORDER BY id").map { r in
                Raw(id: r["id"], day: r["day"], service: r["service"], label: r["label"], outcome: r["outcome"], state: r["state"],
                    issuedAt: r["issued_at"], queuedAt: r["queued_at"], firstCalledAt: r["first_called_at"], lastCalledAt: r["last_called_at"],
                    counter: r["counter"], clerk: r["clerk"], serviceStartedAt: r["service_started_at"], serviceEndedAt: r["service_ended_at"],
                    transferredFrom: r["transferred_from"])
            }
        }
    }

    func localHour(_ ms: Int64, _ zone: String) -> Int {
        let f = DateFormatter()
        f.timeZone = TimeZone(identifier: zone)
        f.dateFormat = "HH"
        return Int(f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000)))!
    }

    func localDay(_ ms: Int64, _ zone: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: zone)
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// The smallest value with at least p % of the values at or below it.
    func percentile(_ values: [Int64], _ p: Int) -> Double {
        let sorted = values.sorted()
        var k = 1
        while k * 100 < p * sorted.count { k += 1 }
        return Double(sorted[k - 1]) / 1000
    }

    func expectSummary(_ s: Summary?, _ values: [Int64], _ what: String) {
        if values.isEmpty {
            #expect(s == nil, "\(what): no values, no summary")
            return
        }
        guard let s else { Issue.record("\(what): summary missing"); return }
        #expect(s.count == values.count, "\(what) count")
        #expect(abs(s.mean - Double(values.reduce(0, +)) / Double(values.count) / 1000) < 1e-9, "\(what) mean")
        // Percentiles are the nearest-rank value cut to the whole second (what daily tallies keep).
        #expect(s.median == percentile(values, 50).rounded(.down), "\(what) median")
        #expect(s.p90 == percentile(values, 90).rounded(.down), "\(what) p90")
        #expect(s.p95 == percentile(values, 95).rounded(.down), "\(what) p95")
        #expect(s.max == Double(values.max()!) / 1000, "\(what) max")
    }

    /// Compares one group's figures with the rows it should hold.
    func expectFigures(_ f: Figures, _ rows: [Raw], config: HallConfig, serviceLevel: Bool, _ what: String) {
        #expect(f.tickets == rows.count, "\(what) tickets")
        #expect(f.issued == rows.filter { $0.transferredFrom == nil }.count, "\(what) issued")
        #expect(f.transferredIn == rows.filter { $0.transferredFrom != nil }.count, "\(what) transferred in")
        #expect(f.served == rows.filter { $0.outcome == "served" }.count, "\(what) served")
        #expect(f.noShow == rows.filter { $0.outcome == "no-show" }.count, "\(what) no-show")
        #expect(f.transferred == rows.filter { $0.outcome == "transferred" }.count, "\(what) transferred")
        #expect(f.cancelled == rows.filter { $0.outcome == "cancelled" }.count, "\(what) cancelled")
        #expect(f.openAtClose == rows.filter { $0.outcome == nil || $0.outcome == "open-at-close" }.count, "\(what) open at close")
        #expect(f.issued + f.transferredIn == f.served + f.noShow + f.transferred + f.cancelled + f.openAtClose + f.stranded, "\(what) every row ends one way")
        let called = rows.filter { $0.firstCalledAt != nil }
        #expect(f.called == called.count, "\(what) called")
        // Every leg waits from joining its queue: the issue, or a transfer's hand-over.
        let waits = called.map { $0.firstCalledAt! - $0.queuedAt }
        expectSummary(f.wait, waits, "\(what) wait")
        expectSummary(f.walk, rows.compactMap { r in r.serviceStartedAt.flatMap { s in r.lastCalledAt.map { s - $0 } } }, "\(what) walk")
        expectSummary(f.service, rows.compactMap { r in r.serviceEndedAt.flatMap { e in r.serviceStartedAt.map { e - $0 } } }, "\(what) service")
        expectSummary(f.total, rows.filter { $0.outcome == "served" }.map { $0.serviceEndedAt! - $0.issuedAt }, "\(what) total")
        let within = zip(called, waits).filter { r, w in w <= Int64(config.service(r.service)!.waitTarget * 1000) }.count
        #expect(f.withinTarget == Share(count: within, of: called.count), "\(what) within target")
    }

    /// When each cancelled ticket was cancelled, from the event log.
    func cancelTimes(_ run: SimulatedRun) throws -> [Int64: Int64] {
        try DatabaseQueue(path: run.database).read { db in
            var out: [Int64: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT ticket_id, at FROM event WHERE kind = 'cancelled'") { out[r[0]] = r[1] }
            return out
        }
    }

    /// The end of the hall's last session on a day, by the wall clock.
    func closingTime(_ config: HallConfig, day: String) -> Int64 {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: config.hall.timeZone)
        f.dateFormat = "yyyy-MM-dd"
        let midnight = f.date(from: day)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = f.timeZone
        let weekday = (calendar.component(.weekday, from: midnight) + 5) % 7 + 1
        let end = config.hall.hours.sessions(onWeekday: weekday).map(\.end).max() ?? 1440
        if end == 1440 { return Int64(calendar.date(byAdding: .day, value: 1, to: midnight)!.timeIntervalSince1970 * 1000) }
        let at = calendar.date(bySettingHour: end / 60, minute: end % 60, second: 0, of: midnight)!
        return Int64(at.timeIntervalSince1970 * 1000)
    }

    /// Working days (weekdays with sessions) from 1 January to `to`, and in the whole year, by
    /// walking the calendar.
    func workingDays(_ config: HallConfig, year: String, to: String) -> (Int, Int) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var d = f.date(from: "\(year)-01-01")!
        var elapsed = 0, total = 0
        while f.string(from: d).hasPrefix(year) {
            let weekday = (calendar.component(.weekday, from: d) + 5) % 7 + 1
            if !config.hall.hours.sessions(onWeekday: weekday).isEmpty {
                total += 1
                if f.string(from: d) <= to { elapsed += 1 }
            }
            d = d.addingTimeInterval(86_400)
        }
        return (elapsed, total)
    }

    func check(_ run: SimulatedRun, config: HallConfig, from: String, to: String) throws {
        let zone = config.hall.timeZone
        let all = try rawRows(run)
        #expect(!all.isEmpty)
        for r in all {
            #expect(r.day == localDay(r.issuedAt, zone), "ticket \(r.id) belongs to the local day of its issue")
            #expect(r.state == "done", "the simulation closed every day")
        }
        let rows = all.filter { $0.day >= from && $0.day <= to }
        let data = try ReportReader(path: run.database).reportData(from: from, to: to)
        // From the closed days' tallies (the simulation closed every day), checked against the rows.
        let report = data.report(config: config, from: from, to: to, context: data.context())
        expectFigures(report.total, rows, config: config, serviceLevel: false, "total")
        #expect(report.days.map(\.key) == Array(Set(rows.map(\.day))).sorted())
        for g in report.days { expectFigures(g.figures, rows.filter { $0.day == g.key }, config: config, serviceLevel: false, "day \(g.key)") }
        #expect(report.services.map(\.key) == config.services.map(\.id))
        for g in report.services { expectFigures(g.figures, rows.filter { $0.service == g.key }, config: config, serviceLevel: true, "service \(g.key)") }
        #expect(report.counters.map(\.key) == config.counters.map { String($0.number) })
        for g in report.counters { expectFigures(g.figures, rows.filter { $0.counter == Int(g.key) }, config: config, serviceLevel: false, "counter \(g.key)") }
        // Every hour from the first arrival's to the last's, quiet ones included.
        let hours = rows.map { localHour($0.issuedAt, zone) }
        #expect(report.intervals.map { Int($0.key.prefix(2))! } == Array(hours.min()!...hours.max()!))
        for g in report.intervals {
            expectFigures(g.figures, rows.filter { localHour($0.issuedAt, zone) == Int(g.key.prefix(2))! }, config: config, serviceLevel: false, "hour \(g.key)")
        }
        #expect(report.clerks.map(\.clerk) == Array(Set(rows.compactMap(\.clerk))).sorted())
        for c in report.clerks {
            let mine = rows.filter { $0.clerk == c.clerk }
            expectFigures(c.figures, mine, config: config, serviceLevel: false, "clerk \(c.clerk)")
            let days = Set(mine.filter { $0.firstCalledAt != nil }.map(\.day)).count
            let received = mine.filter { $0.outcome == "served" }.count
            #expect(c.workingDays == days && c.received == received)
            let year = String(to.prefix(4))
            let ytd = all.filter { $0.clerk == c.clerk && $0.outcome == "served" && $0.day >= "\(year)-01-01" && $0.day <= to }.count
            let (elapsed, inYear) = workingDays(config, year: year, to: to)
            #expect(c.yearToDate == ytd && c.daysElapsed == elapsed && c.daysInYear == inYear, "clerk \(c.clerk) year to date")
            #expect(c.proRataTarget == 1800.0 * Double(elapsed) / Double(inYear))
            #expect(c.projection == Double(ytd) / Double(elapsed) * Double(inYear))
            #expect(c.paceMet == (Double(ytd) >= c.proRataTarget))
        }
        // Visits: chains by transferred_from, waits summed over legs from joining each queue; the
        // never called count until they gave up (the cancel event) or the hall closed.
        let cancelledAt = try cancelTimes(run)
        var visitWaits: [Int64] = [], lowerBounds: [Int64] = [], within = 0
        var byDay: [String: Int] = [:]
        let children = Dictionary(uniqueKeysWithValues: rows.compactMap { r in r.transferredFrom.map { ($0, r) } })
        for head in rows where head.transferredFrom == nil {
            var legs = [head]
            while let next = children[legs.last!.id] { legs.append(next) }
            byDay[head.day, default: 0] += 1
            var wait: Int64 = 0
            for leg in legs {
                if let call = leg.firstCalledAt { wait += call - leg.queuedAt }
                else { wait += (cancelledAt[leg.id] ?? closingTime(config, day: leg.day)) - leg.queuedAt }
            }
            if legs.last!.firstCalledAt != nil {
                visitWaits.append(wait)
                if wait <= Int64(config.service(head.service)!.waitTarget * 1000) { within += 1 }
            } else {
                lowerBounds.append(wait)
            }
        }
        let v = report.visits
        #expect(v.visits == rows.filter { $0.transferredFrom == nil }.count)
        #expect(v.called == visitWaits.count && v.neverCalled == lowerBounds.count)
        expectSummary(v.wait, visitWaits, "visit wait")
        expectSummary(v.waitNeverCalled, lowerBounds, "never-called lower bound")
        #expect(v.withinTarget == Share(count: within, of: v.visits))
        if v.visits > 0 {
            #expect(abs(v.meanWaitAtLeast! - Double((visitWaits + lowerBounds).reduce(0, +)) / Double(v.visits) / 1000) < 1e-9)
        }
        #expect(report.days.map { $0.visits!.visits } == byDay.keys.sorted().map { byDay[$0]! })
        // Dossiers over their ceiling: every row with a service time longer than its service's.
        let over = rows.filter { r in
            guard let s = r.serviceStartedAt, let e = r.serviceEndedAt else { return false }
            return e - s > Int64(config.service(r.service)!.serviceTarget * 1000)
        }
        // All of them counted; the longest 500 at most listed.
        #expect(report.overTarget.total == over.count)
        let longest = over.sorted { ($0.serviceEndedAt! - $0.serviceStartedAt!, $1.id) > ($1.serviceEndedAt! - $1.serviceStartedAt!, $0.id) }
            .prefix(OverTarget.listLimit)
        #expect(Set(report.overTarget.dossiers.map(\.id)) == Set(longest.map(\.id)))
        #expect(report.overTarget.byService.reduce(0) { $0 + $1.count } == over.count)
        let waitsInMinutes = visitWaits.map { Int($0 / 60_000) }
        for bin in report.waitHistogram {
            let expected = waitsInMinutes.filter { w in w >= bin.fromMinute && (bin.toMinute.map { w < $0 } ?? true) }.count
            #expect(bin.count == expected, "wait histogram \(bin.fromMinute)")
        }
    }
}
