import ArgumentParser
import AsyncHTTPClient
import CityLink
import CityWire
import DeviceKeys
import Foundation
import NIOSSL
import QueueClient
import QueueCore
import QueueSimulator
import ReportStore

/// The city's ingest (issue 16), against a running `queue-city serve` whose halls are added
/// (`scripts/bench-city.sh` sets both up): many halls forwarding at once, each its own log of
/// real-shaped events (a simulated busy day), in the outbox's batches of 2,000, signed with its
/// own key; then one hall catching up on a week's backlog alone.
struct CityBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city",
        abstract: "Events per second into the city's PostgreSQL from many halls at once, and one hall's catch-up.")

    @Option(help: "queue-city's address, e.g. https://127.0.0.1:8444.") var city: String
    @Option(help: "queue-city's certificate (PEM), pinned as a hall pins it.") var certificate: String
    @Option(help: "A folder of hall key files (as `queue-city hall add` writes them), one per hall.") var keys: String
    @Option(help: "Events each hall forwards in the concurrent round.") var eventsPerHall = 6_000
    @Option(help: "The hall that catches up alone (its key file in --keys), and its backlog.") var catchUpHall: String?
    @Option(help: "Events in the catch-up backlog (a busy hall's week).") var backlog = 20_000
    @Option(help: "A simulated hall's state directory (queuectl simulate): its clerk's round trip is measured without a city link, then while its outbox forwards its backlog.")
    var hallState: String?
    @Option(help: "The key file of the hall that --hall-state forwards as.") var hallKey: String?
    @Option(help: "The key file of a third hall that forwards the same backlog while a pair with neither hall linked is measured: the city's own work, without an outbox in the measured halls.")
    var feederKey: String?
    @Option(help: "The CPU the feeder hall runs on (the city's, when the city is pinned apart).") var feederCpu: Int?

    func run() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: keys).filter { $0.hasSuffix(".key") }.sorted()
        let all = try files.map { try CityKeyFile.read(path: keys + "/" + $0) }
        let catchUp = all.first { $0.hall == catchUpHall }
        let halls = all.filter { $0.hall != catchUpHall }
        guard !halls.isEmpty else { throw ValidationError("No hall key files in \(keys).") }
        let events = try Self.events(count: max(eventsPerHall, backlog))
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        tls.certificateVerification = .noHostnameVerification
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(halls.count) halls × \(eventsPerHall) events, batches of \(CityBatch.eventsPerRequest)")

        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for hall in halls {
                group.addTask { try await Self.forward(Array(events.prefix(eventsPerHall)), as: hall, to: city, with: client) }
            }
            try await group.waitForAll()
        }
        let seconds = Self.seconds(ContinuousClock.now - started)
        let total = halls.count * eventsPerHall
        print(String(format: "ingest: %d events from %d halls at once in %.2f s: %.0f events/s", total, halls.count, seconds, Double(total) / seconds))

        if let hallState, let hallKey {
            try await roundTripsWhileForwarding(hallState, key: hallKey, http: client)
        }

        if let catchUp {
            let t0 = ContinuousClock.now
            try await Self.forward(Array(events.prefix(backlog)), as: catchUp, to: city, with: client)
            print(String(format: "catch-up: one hall's backlog of %d events in %.2f s", backlog, Self.seconds(ContinuousClock.now - t0)))
        }
    }

    /// Round trips per measurement: enough for a p99 that is not one unlucky request.
    static let roundTrips = 2_000

    /// A clerk's issue round trips on pairs of fresh copies of `state`, side by side: their
    /// requests taken in turn (which goes first alternates), so the machine's noise falls on both
    /// alike. First neither is linked and the city is idle (the control); then neither is linked
    /// while a third copy, the feeder, forwards its backlog (the city's own work on this machine,
    /// which for a real hall is another machine); then the second copy forwards its backlog
    /// itself: the forwarding moves from a third process on the city's CPU into a measured hall.
    func roundTripsWhileForwarding(_ state: String, key: String, http: HTTPClient) async throws {
        print("a clerk's round trip (issue → acknowledgement, durable), \(Self.roundTrips) in a row on each of two halls side by side, in turn")
        print("pair, hall".padded(to: 54) + "p50 ms   p99 ms   max ms   coordinator CPU s")
        func line(_ what: String, _ hall: Hall) {
            let sorted = hall.times.sorted()
            print(what.padded(to: 50)
                  + String(format: "  %7.2f  %7.2f  %7.2f  %8.2f", sorted[sorted.count / 2], sorted[Int(Double(sorted.count) * 0.99)], sorted.last!, hall.cpu))
        }
        let control = try await pair(state, forwarding: nil, http: http)
        line("neither linked, the city idle: the first", control.first)
        line("neither linked, the city idle: the second", control.second)
        if let feederKey {
            let feeder = try await Self.copy(state, as: "feeder", forwarding: feederKey, city: city, certificate: certificate).process
            defer {
                feeder.terminate()
                feeder.waitUntilExit()
                try? FileManager.default.removeItem(atPath: state + "-feeder")
            }
            if let feederCpu { try Self.pin(feeder.processIdentifier, to: feederCpu) }
            let busy = try await pair(state, forwarding: nil, http: http, watching: (feederKey, state + "-feeder"))
            try Self.mustHaveSent(busy, "the third hall")
            line("neither linked, a third hall forwarding: first", busy.first)
            line("neither linked, a third hall forwarding: second", busy.second)
            print("(the third hall sent \(busy.sent) events while measured, \(busy.left) still to send at the end)")
        }
        let measured = try await pair(state, forwarding: key, http: http, watching: (key, state + "-forwarding"))
        try Self.mustHaveSent(measured, "the hall's outbox")
        line("one forwarding: the one with no city link", measured.first)
        line("one forwarding: the one forwarding its backlog", measured.second)
        print("(the outbox sent \(measured.sent) events while measured, \(measured.left) still to send at the end)")
    }

    /// A pair's rows are only worth their names if the forwarding really went on meanwhile.
    static func mustHaveSent(_ pair: (first: Hall, second: Hall, sent: Int64, left: Int64), _ who: String) throws {
        guard pair.sent > 0 else {
            throw ValidationError("\(who) sent nothing to the city while the clerks were measured; see its coordinator's log above (standard error)")
        }
    }

    /// Round trips on two fresh copies of `state` in turn; the second forwards to the city with
    /// the key file `forwarding`, if given. `watching`, a key file and the state directory of a
    /// hall forwarding meanwhile: `sent`, how far the city's count of it moved while the round
    /// trips ran, and `left`, what it still had to send at the end.
    func pair(_ state: String, forwarding: String?, http: HTTPClient, watching: (key: String, dir: String)? = nil) async throws
        -> (first: Hall, second: Hall, sent: Int64, left: Int64) {
        var halls: [(clerk: QueueConnection, process: Process, services: [String])] = []
        var processes: [Process] = []
        let names = ["alone", forwarding == nil ? "alone-too" : "forwarding"]
        defer {
            for process in processes { process.terminate(); process.waitUntilExit() }
            for name in names { try? FileManager.default.removeItem(atPath: state + "-" + name) }
        }
        for (name, key) in zip(names, [nil, forwarding]) {
            let (process, address) = try await Self.copy(state, as: name, forwarding: key, city: city, certificate: certificate)
            processes.append(process)
            let clerk = try await QueueConnection.connect(to: address, key: try KeyFile.read(path: state + "-" + name + "/manager.key"))
            let status = try await clerk.send(.status)
            // Round the services, so none runs out of numbers (999 a day each).
            guard let services = status.state?.config.services.map(\.id), services.count * 999 > Self.roundTrips else {
                throw ValidationError("no hall status from \(state)-\(name), or too few services for \(Self.roundTrips) tickets")
            }
            try await ReportProcessBench.moveToAWorkingMorning(clerk)
            halls.append((clerk, process, services))
        }
        let link = try watching.map { CityClient(http: http, url: city, key: try CityKeyFile.read(path: $0.key)) }
        let ackedBefore = try await link?.ack().acked ?? 0
        var times: [[Double]] = [[], []]
        let cpuBefore = halls.map { BenchDirectory.cpuSeconds($0.process.processIdentifier) }
        for i in 0..<Self.roundTrips {
            for h in (i % 2 == 0 ? [0, 1] : [1, 0]) {
                let t0 = ContinuousClock.now
                _ = try await halls[h].clerk.send(.command(.issue(service: halls[h].services[i % halls[h].services.count], priority: .normal)))
                times[h].append(Self.seconds(ContinuousClock.now - t0) * 1000)
            }
        }
        let cpu = halls.indices.map { BenchDirectory.cpuSeconds(halls[$0].process.processIdentifier) - cpuBefore[$0] }
        let ackedAfter = try await link?.ack().acked ?? 0
        let own = try watching.map { try ReportReader(path: $0.dir + "/queue.sqlite").lastSeq() } ?? 0
        for hall in halls { await hall.clerk.close() }
        return (Hall(times: times[0], cpu: cpu[0]), Hall(times: times[1], cpu: cpu[1]), ackedAfter - ackedBefore, max(0, own - ackedAfter))
    }

    /// A coordinator on a fresh copy of `state` (in `state-name`), forwarding to `city` with the
    /// key file `forwarding` if given.
    static func copy(_ state: String, as name: String, forwarding key: String?, city: String, certificate: String) async throws -> (process: Process, address: CoordinatorAddress) {
        let dir = state + "-" + name
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: state, toPath: dir)
        if let key {
            let section = "\n[city]\nurl = \"\(city)\"\nkey_file = \"\(key)\"\ncertificate = \"\(certificate)\"\n"
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/hall.toml"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(section.utf8))
            try handle.close()
        }
        return try await Process.coordinator(dir: dir)
    }

    /// Moves every thread of `pid` to one CPU (taskset), as the script pins the city.
    static func pin(_ pid: Int32, to cpu: Int) throws {
        let taskset = Process()
        taskset.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        taskset.arguments = ["-apc", "\(cpu)", "\(pid)"]
        taskset.standardOutput = FileHandle.nullDevice
        try taskset.run()
        taskset.waitUntilExit()
        guard taskset.terminationStatus == 0 else { throw ValidationError("taskset could not move process \(pid) to CPU \(cpu)") }
    }

    /// One hall of a pair: its round trips (ms), and the CPU seconds its coordinator used meanwhile.
    struct Hall {
        let times: [Double]
        let cpu: Double
    }

    /// Real-shaped events: busy simulated days of the sample hall, numbered 1…count.
    static func events(count: Int) throws -> [String] {
        let config = try SimulatedHall.parse(try SimulatedHall.toml(configPath: nil, counters: 20), file: "bench hall")
        var out: [Event] = []
        var day = "2026-11-30"
        while out.count < count {
            Simulation(scenario: Scenario(ticketsPerDay: 3_000), seed: 7).offlineEvents(days: [day], config: config) { out += $0 }
            day = CivilDay.adding(1, to: day) ?? day
        }
        let encoder = HallJSON.encoder()
        return try out.prefix(count).enumerated().map { i, e in
            var e = e
            e.seq = Int64(i + 1)
            return String(decoding: try encoder.encode(e), as: UTF8.self)
        }
    }

    /// One hall's log, from where the city is, as the outbox sends it.
    static func forward(_ bodies: [String], as key: CityKeyFile, to city: String, with http: HTTPClient) async throws {
        let link = CityClient(http: http, url: city, key: key)
        var acked = try await link.ack().acked
        while acked < bodies.count {
            let next = bodies[Int(acked)..<min(bodies.count, Int(acked) + CityBatch.eventsPerRequest)]
            do { acked = try await link.push(try CityBatch.json(hall: key.hall, eventBodies: Array(next), configs: [])).acked } catch let c as CityClient.Conflict {
                acked = c.ack.acked
            }
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
