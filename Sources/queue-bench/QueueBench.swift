import AppVersion
import ArgumentParser
import CoordinatorApp
import DeviceKeys
import Foundation
import GRDB
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueStore
import QueueWire

/// Benchmarks of the appliance as deployed: real binaries on loopback, driven by the real client.
/// Figures go to docs/BENCHMARKS.md.
@main
struct QueueBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-bench",
        abstract: "Benchmarks against real binaries on loopback. Build with -c release.",
        version: AppVersion.text,
        subcommands: [CoordinatorBench.self, BoardBench.self, KioskBench.self, ReportBench.self, HostileBench.self, PhonesBench.self, CityBench.self, CityYearBench.self],
        defaultSubcommand: CoordinatorBench.self)
}

/// Ticket issuing: latency and throughput at several concurrencies, memory with many devices.
struct CoordinatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Issue-to-acknowledgement latency, throughput, and memory of the coordinator.")

    @Option(help: "Tickets each client issues, per concurrency level (divided among clients).")
    var tickets = 6000

    @Option(help: "Concurrency levels to measure.")
    var clients: [Int] = [1, 8, 32]

    @Option(help: "Idle devices to connect for the memory figure.")
    var devices = 100

    @Option(help: "Waiting tickets to fill the hall with before measuring issue and call latency (issue 11).")
    var open: [Int] = [0, 5_000, 20_000]

    @Option(help: "A coordinator binary built from an older commit, measured in the same run, figure by figure.")
    var baseline: String?

    @Option(help: "Runs of each group of figures per build, averaged; the builds take turns going first.")
    var rounds = 2

    func run() async throws {
        // On the real disk beside the build, so fsync is real.
        let work = try BenchDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: work) }

        print(BenchDirectory.machine)
        print("")
        let rawCPU = try Self.rawSQLite(path: work + "/raw.sqlite")
        print(String(format: "bench process CPU per 1,000 raw durable commits: %.3f s", rawCPU))

        var builds = [(name: "this build", binary: BenchDirectory.binary("queue-coordinator"))]
        if let baseline { builds.append((name: "baseline", binary: baseline)) }
        for build in builds { print("\(build.name): \(build.binary)") }
        // Each group of figures on a fresh coordinator, the builds one after the other within a
        // group, so a drift of the machine during the run touches both alike; and they take turns
        // going first, as the first of two runs back to back measures slower here (up to 20 %
        // with the same binary twice).
        let groups: [(String) async throws -> Figures] = [
            { try await Self.issueLoads(binary: $0, work: work, clients: clients, tickets: tickets) },
            { try await Self.openTickets(binary: $0, work: work, levels: open) },
            { try await Self.memory(binary: $0, work: work, devices: devices) },
        ]
        var columns = builds.map { _ in Figures() }
        for group in groups {
            var sums = builds.map { _ in Figures() }
            for round in 0..<rounds {
                for i in round % 2 == 0 ? Array(builds.indices) : builds.indices.reversed() {
                    let figures = try await group(builds[i].binary)
                    sums[i] = sums[i].isEmpty ? figures : zip(sums[i], figures).map { ($0.what, $0.value + $1.value) }
                }
            }
            for i in builds.indices { columns[i] += sums[i].map { ($0.what, $0.value / Double(rounds)) } }
        }
        print("")
        Self.printTable(builds.map(\.name), columns)
    }

    /// One build's figures in print order: what, and the number.
    typealias Figures = [(what: String, value: Double)]

    /// Figures side by side, with this build's over the baseline's when there is one.
    static func printTable(_ names: [String], _ columns: [Figures]) {
        let width = columns[0].map(\.what.count).max() ?? 0
        func pad(_ text: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - text.count)) + text }
        print("figure" + pad("", width - 6) + names.map { pad($0, 12) }.joined() + (names.count == 2 ? pad("this/baseline", 16) : ""))
        for (row, figure) in columns[0].enumerated() {
            var line = figure.what + pad("", width - figure.what.count)
            for column in columns { line += String(format: "%12.3f", column[row].value) }
            if columns.count == 2 { line += String(format: "%16.2f", figure.value / columns[1][row].value) }
            print(line)
        }
    }

    /// Issue → acknowledgement at each concurrency in turn on one coordinator (the tickets stay
    /// open, so later levels run with more waiting), and its CPU time per 1,000 at one client.
    static func issueLoads(binary: String, work: String, clients: [Int], tickets: Int) async throws -> Figures {
        let coordinator = try await BenchCoordinator(work: BenchDirectory.subdirectory(of: work), binary: binary)
        defer { coordinator.stop() }
        var figures = Figures()
        for n in clients {
            let cpu0 = BenchDirectory.cpuSeconds(coordinator.process.processIdentifier)
            let result = try await Self.issueLoad(clients: n, tickets: tickets, coordinator: coordinator)
            let cpu = BenchDirectory.cpuSeconds(coordinator.process.processIdentifier) - cpu0
            let at = n == 1 ? "1 client" : "\(n) clients"
            figures += [("issue p50 ms, \(at)", result.p50), ("issue p99 ms, \(at)", result.p99), ("tickets/s, \(at)", result.rate)]
            if n == 1 { figures.append(("coordinator CPU s per 1,000 tickets, 1 client", cpu / Double(result.count) * 1000)) }
        }
        return figures
    }

    /// Resident memory of a fresh coordinator with a busy morning's queue (300 waiting) and
    /// `devices` connected, subscribed devices, while events flow.
    static func memory(binary: String, work: String, devices: Int) async throws -> Figures {
        let coordinator = try await BenchCoordinator(work: BenchDirectory.subdirectory(of: work), binary: binary)
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        for i in 0..<300 { _ = try await manager.send(.command(.issue(service: ["A", "B", "C", "D"][i % 4], priority: .normal))) }
        let idle: Figures = [("resident MB, 300 waiting", coordinator.residentMB()), ("anonymous MB, 300 waiting", coordinator.residentMB("RssAnon"))]
        var connections: [QueueConnection] = []
        for _ in 0..<devices {
            let c = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
            _ = try await c.send(.subscribe(since: nil))
            connections.append(c)
        }
        for _ in 0..<100 { _ = try await manager.send(.command(.issue(service: "A", priority: .normal))) }
        try await Task.sleep(for: .milliseconds(500))
        let busy: Figures = [("resident MB, \(devices) subscribed devices", coordinator.residentMB()),
                             ("anonymous MB, \(devices) subscribed devices", coordinator.residentMB("RssAnon"))]
        for c in connections { await c.close() }
        await manager.close()
        return idle + busy
    }

    struct LoadResult { var count: Int; var p50: Double; var p99: Double; var max: Double; var rate: Double }

    static func issueLoad(clients: Int, tickets: Int, coordinator: BenchCoordinator) async throws -> LoadResult {
        let perClient = max(1, tickets / clients)
        let latencies = NIOLockedValueBox<[Double]>([])
        var connections: [QueueConnection] = []
        for _ in 0..<clients { connections.append(try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)) }
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for (c, connection) in connections.enumerated() {
                group.addTask {
                    var mine: [Double] = []
                    mine.reserveCapacity(perClient)
                    for i in 0..<perClient {
                        let t0 = clock.now
                        _ = try await connection.send(.command(.issue(service: ["A", "B", "C", "D"][(c + i) % 4], priority: .normal)))
                        mine.append(Double((clock.now - t0).components.attoseconds) / 1e15 + Double((clock.now - t0).components.seconds) * 1000)
                    }
                    return mine
                }
            }
            for try await mine in group { latencies.withLockedValue { $0 += mine } }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        for c in connections { await c.close() }
        let sorted = latencies.withLockedValue { $0 }.sorted()
        return LoadResult(count: sorted.count, p50: percentile(sorted, 0.50), p99: percentile(sorted, 0.99),
                          max: sorted.last ?? 0, rate: Double(sorted.count) / seconds)
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }

    /// This machine's durable SQLite commit: one small insert per transaction, WAL, synchronous=FULL.
    /// Returns this process's CPU seconds per 1,000 commits.
    static func rawSQLite(path: String) throws -> Double {
        let pool = try QueueStore.durablePool(path: path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)") }
        let clock = ContinuousClock()
        var latencies: [Double] = []
        let count = 3000
        let cpu0 = BenchDirectory.cpuSeconds(getpid())
        let start = clock.now
        for i in 0..<count {
            let t0 = clock.now
            try pool.write { db in try db.execute(sql: "INSERT INTO t (id, body) VALUES (?, ?)", arguments: [i, "ticket \(i)"]) }
            let d = clock.now - t0
            latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        let total = clock.now - start
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        latencies.sort()
        print("raw SQLite durable single insert (GRDB, WAL, synchronous=FULL), \(count) commits")
        print(String(format: "p50 %.3f ms, p99 %.3f ms, %.0f commits/s", percentile(latencies, 0.5), percentile(latencies, 0.99), Double(count) / seconds))
        return (BenchDirectory.cpuSeconds(getpid()) - cpu0) / Double(count) * 1000
    }

}

/// Where a benchmark keeps its files: on the real disk beside the build, so fsync is real.
enum BenchDirectory {
    static func make() throws -> String {
        let work = FileManager.default.currentDirectoryPath + "/.build/bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        return work
    }

    /// A fresh directory inside `work`, for one coordinator's state.
    static func subdirectory(of work: String) throws -> String {
        let path = work + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static var machine: String {
        "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB, \(cpuModel())"
    }

    static func cpuModel() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        return info.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    }

    /// Resident memory in MB of a process, from /proc: "VmRSS", "RssAnon" or "RssFile".
    static func residentMB(_ pid: Int32, _ field: String = "VmRSS") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// The installed unit's LimitNOFILE, for the coordinator (inherited) and our own sockets.
    static func raiseFileLimit() {
        var limit = rlimit(rlim_cur: 16_384, rlim_max: 16_384)
        var current = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &current)
        limit.rlim_max = max(current.rlim_max, limit.rlim_cur)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// CPU seconds (user + system) a process has used so far.
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 0; utime and stime are fields 11 and 12.
        guard fields.count > 12, let u = Double(fields[11]), let s = Double(fields[12]) else { return 0 }
        return (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name).path
    }
}

/// The coordinator under test: the sibling binary, a 24-hour hall with wide number ranges so a
/// long run never meets closing time or runs out of numbers.
final class BenchCoordinator: @unchecked Sendable { // unchecked: set up in init, read-only after; Process may be stopped from any thread
    let process: Process
    let address: CoordinatorAddress
    let key: KeyFile

    static let hall = """
    [hall]
    name = "Benchmark hall"
    level = "commune"
    weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    sessions = ["00:00-24:00"]
    [[service]]
    id = "A"
    name_vi = "Đất đai"
    name_en = "Land"
    numbers = "1-99999"
    [[service]]
    id = "B"
    name_vi = "Xây dựng"
    name_en = "Construction"
    numbers = "1-99999"
    [[service]]
    id = "C"
    name_vi = "Hộ tịch"
    name_en = "Civil status"
    numbers = "1-99999"
    [[service]]
    id = "D"
    name_vi = "Chứng thực"
    name_en = "Certification"
    numbers = "1-99999"
    [[counter]]
    number = 1
    services = ["A", "B", "C", "D"]
    """

    /// Where a virtual clock starts: a Monday morning (a fixed virtual day, whatever today's date).
    static let mondayMorning = "2026-11-30 08:00"

    /// The web ports when started with `--https-port` and `--http-port`.
    let httpsPort: Int?
    let httpPort: Int?

    init(work: String, binary: String = BenchDirectory.binary("queue-coordinator"), extraConfig: String = "",
         virtualClock: Bool = false, arguments: [String] = []) async throws {
        let configPath = work + "/hall.toml"
        try (Self.hall + "\n" + extraConfig).write(toFile: configPath, atomically: true, encoding: .utf8)
        let arguments = ["--config", configPath, "--state-dir", work + "/state", "--host", "127.0.0.1", "--port", "0",
                         "--no-discovery", "--log-level", "warning"] + (virtualClock ? ["--clock", "virtual", "--start", Self.mondayMorning] : []) + arguments
        let listening: Listening
        (process, listening) = try await CoordinatorBinary.launch(binary, arguments: arguments)
        address = CoordinatorAddress(host: "127.0.0.1", port: listening.tcp)
        httpsPort = listening.https
        httpPort = listening.http
        key = try KeyFile.read(path: work + "/state/manager.key")
    }

    /// Resident memory in MB from /proc: "VmRSS" (all), "RssAnon" (the process's own heap and
    /// stacks) or "RssFile" (mapped program code and libraries, shared and reclaimable).
    func residentMB(_ field: String = "VmRSS") -> Double { BenchDirectory.residentMB(process.processIdentifier, field) }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

extension String {
    /// Spaces after it up to `width` characters (a longer string is kept whole), for the tables'
    /// first column (`%-20@` does not pad on Linux).
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
