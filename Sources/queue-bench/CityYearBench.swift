import ArgumentParser
import CityStore
import CityWire
import Foundation
import Logging
import QueueCore
import QueueReports
import QueueSimulator

/// A city-year (issue 16): HALLS halls in WARDS wards, each with DAYS working days of TICKETS
/// tickets, summarised as `queue-city` keeps them; then the city's and one ward's year report as
/// whole `queue-city report` processes (release build), beside psql reading the same summaries'
/// bytes. The days are tallied here from synthetic tickets (waits, service times, no-shows and
/// cancellations drawn per hall) and stored as day summaries: 45 million tickets cannot be
/// forwarded event by event in a benchmark's time. Months and years are made by `summarize`.
struct CityYearBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city-year",
        abstract: "A city-year in PostgreSQL: the city's and a ward's year report, time and memory.")

    @Option(help: "The city database (a throwaway cluster: scripts/bench-city-year.sh).") var postgresUrl: String
    @Option(help: "psql, for the reference read.") var psql = "/usr/bin/psql"
    @Option var halls = 600
    @Option var wards = 120
    @Option(help: "Working days per hall in the year.") var days = 250
    @Option(help: "Tickets per hall and day.") var tickets = 300
    @Option var runs = 5
    @Option(help: "The year. Default: the last whole year by this machine's clock.") var year: Int?

    func run() async throws {
        let year = self.year ?? (Calendar(identifier: .gregorian).component(.year, from: Date()) - 1)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let db = try CityDatabase(url: postgresUrl, logger: logger)
        let pool = Task { await db.run() }
        defer { pool.cancel() }
        try await db.check()
        try await db.migrate()
        let config = try SimulatedHall.parse(try SimulatedHall.toml(configPath: nil, counters: 8), file: "bench hall")
        if try await db.halls().count < halls {
            try await seed(db, config: config, year: year)
        }
        let from = "\(year)-01-01", to = "\(year)-12-31"
        let queueCity = BenchDirectory.binary("queue-city")
        print("")
        print(String(format: "%d halls in %d wards × %d days × %d tickets = %.1f M tickets, %d; %d cores", halls, wards, days, tickets, Double(halls * days * tickets) / 1e6, year, ProcessInfo.processInfo.activeProcessorCount))
        print("whole processes, release build: median wall ms of \(runs) runs, peak RSS MB (max of the runs)")
        func line(_ what: String, _ r: (Double, Double)) { print(what.padded(to: 58) + String(format: "  %8.1f  %8.1f", r.0, r.1)) }
        let report = ["report", "--postgres-url", postgresUrl, "--from", from, "--to", to, "--format", "json", "--out", "/dev/null"]
        let years = "SELECT tally FROM hall_summary WHERE first_day = '\(from)' AND last_day = '\(to)'"
        line("psql: COPY the year summaries' bytes to /dev/null", try WholeProcess.timed(psql, psqlArguments + ["-c", "COPY (\(years)) TO STDOUT"], runs: runs))
        line("queue-city report, the city's year (\(halls) halls), json", try WholeProcess.timed(queueCity, report, runs: runs))
        line("queue-city report, one ward's year (ward-1), json", try WholeProcess.timed(queueCity, report + ["--unit", "ward-1"], runs: runs))
        let size = try psqlValue("SELECT pg_total_relation_size('hall_summary') + pg_total_relation_size('hall_day')")
        let million = Double(halls * days * tickets) / 1e6
        print(String(format: "summaries: %.0f MB for %.0f M tickets: %.1f MB per million tickets", size / 1e6, million, size / 1e6 / million))
    }

    var psqlArguments: [String] {
        let parts = URLComponents(string: postgresUrl)
        let socket = parts?.queryItems?.first { $0.name == "host" }?.value ?? "localhost"
        return ["-h", socket, "-U", parts?.user ?? "postgres", "-d", parts?.path.split(separator: "/").first.map(String.init) ?? "postgres", "-XAtq"]
    }

    func psqlValue(_ sql: String) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: psql)
        p.arguments = psqlArguments + ["-c", sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The units, the halls with their config, each hall's day summaries, then `summarize`.
    func seed(_ db: CityDatabase, config: HallConfig, year: Int) async throws {
        let started = ContinuousClock.now
        try await db.addUnit(CityUnit(id: "ha-noi", name: "Thành phố Hà Nội", level: "city"))
        for w in 1...wards { try await db.addUnit(CityUnit(id: "ward-\(w)", name: "Phường \(w)", level: "ward", parent: "ha-noi")) }
        var workingDays: [String] = []
        var day = "\(year)-01-01"
        while day.hasPrefix("\(year)"), workingDays.count < days {
            if (CivilDay.weekday(day) ?? 7) <= 5 { workingDays.append(day) }
            day = CivilDay.adding(1, to: day)!
        }
        let recorded = RecordedConfig(since: 0, config: String(decoding: try JSONEncoder().encode(config), as: UTF8.self))
        let zone = TimeZone(identifier: config.hall.timeZone)!
        for h in 1...halls {
            let hall = "hall-\(h)"
            _ = try await db.addHall(id: hall, name: "Bộ phận một cửa \(h)", unit: "ward-\((h - 1) % wards + 1)")
            _ = try await db.ingest(CityBatch(hall: hall, events: [], configs: [recorded]))
            var rng = SplitMix(seed: UInt64(h))
            let summaries = workingDays.enumerated().map { i, day -> (day: String, tally: ReportTally, lastIssued: Int64?) in
                let rows = Self.tickets(count: tickets, day: day, dayIndex: i, opens: LocalTime.startOfDay(day, in: zone)!, config: config, rng: &rng)
                var tally = ReportTally()
                tally.add(rows, config: config)
                return (day, tally, rows.last?.issuedAt)
            }
            try await db.storeDaySummaries(hall: hall, summaries)
            if h % 50 == 0 { FileHandle.standardError.write(Data("seeded \(h) halls…\n".utf8)) }
        }
        let seeded = ContinuousClock.now
        let written = try await db.summarizeAll(before: "\(year + 1)-01-01") ?? 0
        print("seeded in \(seeded - started); summarize made \(written) month and year summaries in \(ContinuousClock.now - seeded)")
    }

    /// One day's tickets: arrivals over 07:30–17:00, a wait drawn around 12 minutes, 3 % cancelled
    /// while waiting, 4 % not showing up, the rest served in a time drawn around 8 minutes, by one
    /// of 8 clerks at their counters.
    static func tickets(count: Int, day: String, dayIndex: Int, opens: Date, config: HallConfig, rng: inout SplitMix) -> [ReportTicket] {
        let start = Int64(opens.timeIntervalSince1970 * 1000) + 450 * 60_000
        let services = config.services.map(\.id)
        let arrivals = (0..<count).map { _ in start + Int64(rng.unit() * 570 * 60_000) }.sorted()
        return arrivals.enumerated().map { i, issued in
            let service = services[Int(rng.unit() * Double(services.count)) % services.count]
            let wait = Int64(min(-log(1 - rng.unit()) * 12 * 60_000, 3 * 3_600_000))
            let clerk = Int(rng.unit() * 8) % 8 + 1
            let r = rng.unit()
            var t = ReportTicket(id: Int64(dayIndex * 10_000 + i + 1), day: day, service: service, outcome: .served, issuedAt: issued, queuedAt: issued,
                                 label: "A\(i + 1)")
            if r < 0.03 {
                t.outcome = .cancelled
                t.endedAt = issued + wait
                return t
            }
            t.firstCalledAt = issued + wait
            t.lastCalledAt = issued + wait
            t.counter = clerk
            t.clerk = "clerk-\(clerk)"
            if r < 0.07 {
                t.outcome = .noShow
                return t
            }
            t.serviceStartedAt = issued + wait + 20_000 + Int64(rng.unit() * 40_000)
            t.serviceEndedAt = t.serviceStartedAt! + Int64(exp(log(7 * 60_000.0) + 0.5 * (rng.unit() + rng.unit() - 1)))
            return t
        }
    }
}

/// A small seeded generator (SplitMix64), so a run's tickets are the same every time.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// In [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
