import CoordinatorApp
import DeviceKeys
import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueConfig
import QueueCore
import QueueWire

/// The report figures of issue 13 as a manager meets them: whole `queuectl` processes (wall time
/// and peak resident memory, from /usr/bin/time), from the database file and over the network
/// from a coordinator running on the benchmark database, and a clerk's round trip (an issued
/// ticket, through the writer) while year reports run over the network, against idle.
struct ReportProcessBench {
    let db: String
    let config: HallConfig
    let runs: Int

    var dir: String { (db as NSString).deletingLastPathComponent }

    func run(busiest: String, year: String) async throws {
        print("")
        print("whole processes, release build: median wall ms of \(runs) runs, peak RSS MB (max of the runs)")
        print("what                                              wall ms   peak RSS MB")
        func line(_ what: String, _ r: (Double, Double)) {
            print(what.padded(to: 48) + String(format: "  %8.1f  %10.1f", r.0, r.1))
        }
        line("sqlite3 shell, the day's SELECT", try sqliteRSS(from: busiest, to: busiest))
        line("queuectl report --db, one day (\(busiest)), json", try queuectl(["report", "--db", db, "--date", busiest, "--format", "json"]))
        line("sqlite3 shell, the year's SELECT", try sqliteRSS(from: year + "-01-01", to: year + "-12-31"))
        line("queuectl report --db, the year, json", try queuectl(["report", "--db", db, "--year", year, "--format", "json"]))

        let coordinator = try await Process.coordinator(dir: dir)
        defer { coordinator.process.terminate(); coordinator.process.waitUntilExit() }
        let wire = ["--coordinator", coordinator.address.description, "--key-file", dir + "/manager.key"]
        let key = try KeyFile.read(path: dir + "/manager.key")
        let clerk = try await QueueConnection.connect(to: coordinator.address, key: key)
        defer { Task { await clerk.close() } }
        try await Self.moveToAWorkingMorning(clerk)
        let before = BenchDirectory.residentMB(coordinator.process.processIdentifier, "VmRSS")
        line("queuectl report over the network, one day, json", try queuectl(["report", "--date", busiest, "--format", "json"] + wire))
        line("queuectl report over the network, the year, json", try queuectl(["report", "--year", year, "--format", "json"] + wire))
        let hwm = BenchDirectory.residentMB(coordinator.process.processIdentifier, "VmHWM")
        print(String(format: "coordinator: resident %.1f MB before the reports, peak %.1f MB (VmHWM) after", before, hwm))

        // A clerk's round trip: an issued ticket, acknowledged after its durable commit.
        let service = config.services.first!.id
        func roundTrips(_ n: Int) async throws -> [Double] {
            var out: [Double] = []
            for _ in 0..<n {
                let t0 = ContinuousClock.now
                _ = try await clerk.send(.command(.issue(service: service, priority: .normal)))
                out.append(ms(ContinuousClock.now - t0))
            }
            return out.sorted()
        }
        let idle = try await roundTrips(400)
        let loopState = NIOLockedValueBox((stopping: false, reportsDone: 0))
        let loop = Thread {
            while !loopState.withLockedValue({ $0.stopping }) {
                _ = try? queuectl(["report", "--year", year, "--format", "json"] + wire, runs: 1)
                loopState.withLockedValue { $0.reportsDone += 1 }
            }
        }
        loop.start()
        try await Task.sleep(for: .milliseconds(300))
        let busy = try await roundTrips(400)
        loopState.withLockedValue { $0.stopping = true }
        while loop.isExecuting { try await Task.sleep(for: .milliseconds(50)) }
        print("")
        print("a clerk's round trip (issue → acknowledgement, durable), 400 in a row")
        print("when                                   p50 ms   p99 ms   max ms")
        for (what, v) in [("idle", idle), ("during year reports over the network", busy)] {
            print(what.padded(to: 36) + String(format: "  %7.2f  %7.2f  %7.2f", pct(v, 0.5), pct(v, 0.99), v.last!))
        }
        print("(year reports finished while measuring: \(loopState.withLockedValue { $0.reportsDone }))")
    }

    /// The virtual clock to 09:00 (hall time) on the next weekday after where it is, so tickets
    /// can be issued.
    static func moveToAWorkingMorning(_ c: QueueConnection) async throws {
        let status = try await c.send(.status)
        guard let zone = status.state?.timeZone, let now = status.now else { throw QueueError(.bench, "The coordinator sent no hall status.") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var day = calendar.startOfDay(for: now)
        repeat { day = calendar.date(byAdding: .day, value: 1, to: day)! } while calendar.isDateInWeekend(day)
        _ = try await c.send(.setClock(day.addingTimeInterval(9 * 3600)), requestId: UUID().uuidString)
    }

    /// Median wall ms and peak RSS MB of `queuectl` with these arguments, output discarded.
    func queuectl(_ arguments: [String], runs: Int? = nil) throws -> (Double, Double) {
        try timed(BenchDirectory.binary("queuectl"), arguments, runs: runs ?? self.runs)
    }

    func sqliteRSS(from: String, to: String) throws -> (Double, Double) {
        let sql = "SELECT id, day, service, outcome, issued_at, queued_at, first_called_at, last_called_at, counter, clerk, "
            + "service_started_at, service_ended_at, transferred_from, label FROM ticket WHERE day BETWEEN '\(from)' AND '\(to)' ORDER BY day, id;"
        return try timed("/usr/bin/sqlite3", ["-readonly", db, sql], runs: runs)
    }

    func timed(_ binary: String, _ arguments: [String], runs: Int) throws -> (Double, Double) {
        try WholeProcess.timed(binary, arguments, runs: runs)
    }

    func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
    func pct(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
}

extension Process {
    /// The release coordinator on the benchmark database (its folder is the state directory),
    /// on a virtual clock that keeps the database's last instant.
    static func coordinator(dir: String) async throws -> (process: Process, address: CoordinatorAddress) {
        let (process, listening) = try await CoordinatorBinary.launch(BenchDirectory.binary("queue-coordinator"), arguments: [
            "--config", dir + "/hall.toml", "--state-dir", dir, "--host", "127.0.0.1", "--port", "0",
            "--no-discovery", "--log-level", "warning", "--clock", "virtual"])
        return (process, CoordinatorAddress(host: "127.0.0.1", port: listening.tcp))
    }
}
