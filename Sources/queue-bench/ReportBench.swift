import ArgumentParser
import Foundation
import QueueConfig
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import ReportStore

/// Report speed on a year of a busy hall (about a million tickets): builds the database once with
/// the simulator's model (the events the coordinator would have committed, written through the
/// same store), then times one-day and one-year reports, rows read and report made, beside the
/// same query in the sqlite3 shell.
struct ReportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "One-day and one-year report times on a ~1 million ticket database.")

    @Option(help: "The benchmark database; built if missing (hall.toml is written beside it).")
    var db = ".build/bench-reports/queue.sqlite"

    @Option(help: "Tickets on a full day when building.") var ticketsPerDay = 3_500
    @Option(help: "Counters when building.") var counters = 20
    @Option(help: "The year to build and report on.") var year = 2026
    @Option(help: "Runs per measurement; the median is reported.") var runs = 5
    @Flag(help: "Only the in-process table: no whole processes, no coordinator.") var inProcessOnly = false

    func run() async throws {
        let dir = (db as NSString).deletingLastPathComponent
        let toml = try SimulatedHall.toml(configPath: nil, counters: counters)
        let config = try SimulatedHall.parse(toml, file: "bench hall")
        if !FileManager.default.fileExists(atPath: db) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try toml.write(toFile: dir + "/hall.toml", atomically: true, encoding: .utf8)
            try build(config: config)
        }
        // Applies any new migration (indexes, daily summaries) to a database built earlier, and
        // summarises its closed days as the coordinator does at start-up (once).
        // As a coordinator does, the database records its hall's config (so a report reads it from
        // there, not from hall.toml beside it, checked in a child process); a database built
        // before this records it now, once.
        let store = try QueueStore(path: db)
        try store.recordHallConfig(config)
        let summarising = ContinuousClock.now
        let summarised = try store.summarizeClosedDays(config: config)
        if summarised > 0 { print(String(format: "daily summaries: %d days written in %.0f ms (once)", summarised, ms(ContinuousClock.now - summarising))) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("machine: \(cores) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB")
        let reader = try ReportReader(path: db)
        guard let (first, last) = try reader.ticketDays() else { throw ValidationError("\(db) has no tickets.") }
        let all = try reader.tickets(from: first, to: last)
        let size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
        print("database: \(db), \(all.count) ticket rows, \(first) to \(last), \(size / 1_048_576) MB")
        let busiest = Dictionary(grouping: all, by: \.day).max { $0.value.count < $1.value.count }!.key
        print("")
        print("span                    rows     read rows ms   make report ms   total ms   from tallies ms   sqlite3 shell ms (same SELECT)")
        for (name, from, to) in [("one day \(busiest)", busiest, busiest), ("one year", first, min(last, String(first.prefix(4)) + "-12-31"))] {
            var reads: [Double] = [], makes: [Double] = [], totals: [Double] = []
            var rows = 0
            for _ in 0..<runs {
                let t0 = ContinuousClock.now
                let tickets = try reader.ticketTimes(from: from, to: to)
                let t1 = ContinuousClock.now
                let report = HallReport.make(tickets: tickets, config: config, from: from, to: to)
                let t2 = ContinuousClock.now
                rows = report.total.tickets
                reads.append(ms(t1 - t0)); makes.append(ms(t2 - t1)); totals.append(ms(t2 - t0))
            }
            // The same report from the daily tallies of the closed days (the rows of the others).
            var tallied: [Double] = []
            for _ in 0..<runs {
                let t0 = ContinuousClock.now
                let data = try reader.reportData(from: from, to: to)
                let report = data.report(config: config, from: from, to: to, context: data.context())
                tallied.append(ms(ContinuousClock.now - t0))
                guard report.total.tickets == rows else { throw ValidationError("the tallies counted \(report.total.tickets) rows, the rows \(rows)") }
            }
            let shell = try sqliteShell(from: from, to: to)
            print(name.padded(to: 20) + String(format: "  %7d  %12.1f  %15.1f  %9.1f  %15.1f  %10.1f", rows, median(reads), median(makes), median(totals),
                         median(tallied), shell))
        }
        if !inProcessOnly {
            try await ReportProcessBench(db: db, config: config, runs: runs).run(busiest: busiest, year: String(first.prefix(4)))
        }
    }

    /// A year of days, planned by the simulator's model and written a day per transaction.
    func build(config: HallConfig) throws {
        let zone = TimeZone(identifier: config.hall.timeZone)!
        var days: [String] = []
        var t = LocalTime.startOfDay("\(year)-01-01", in: zone)!
        while LocalTime(t, in: zone).day.hasPrefix("\(year)") {
            days.append(LocalTime(t, in: zone).day)
            t = t.addingTimeInterval(86_400)
        }
        let store = try QueueStore(path: db)
        let started = ContinuousClock.now
        var count = 0
        try Simulation(scenario: Scenario(ticketsPerDay: ticketsPerDay), seed: 2026).offlineEvents(days: days, config: config) { events in
            try store.write { try $0.append(events) }
            count += events.filter { $0.kind == .issued }.count
            if count > 0, events.contains(where: { $0.kind == .dayOpened && $0.day?.hasSuffix("01") == true }) {
                FileHandle.standardError.write(Data("building: \(count) tickets…\n".utf8))
            }
        }
        print(String(format: "built %@: %d tickets in %.0f s", db, count, ms(ContinuousClock.now - started) / 1000))
    }

    /// The report's SELECT in the sqlite3 shell, output discarded: the median wall time of the
    /// whole `sqlite3` process (its start included, a few ms).
    func sqliteShell(from: String, to: String) throws -> Double {
        let sql = "SELECT id, day, service, outcome, issued_at, queued_at, first_called_at, last_called_at, counter, clerk, "
            + "service_started_at, service_ended_at, transferred_from FROM ticket "
            + "WHERE day BETWEEN '\(from)' AND '\(to)' ORDER BY day, id;"
        var times: [Double] = []
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            p.arguments = ["-readonly", db, sql]
            p.standardOutput = FileHandle.nullDevice
            let t0 = ContinuousClock.now
            try p.run()
            p.waitUntilExit()
            times.append(ms(ContinuousClock.now - t0))
        }
        return median(times)
    }

    func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
}
