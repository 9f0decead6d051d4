import CityWire
import Foundation
import GRDB
import QueueCore
import QueueStore
import QueueTestSupport
import Testing

/// The city side of a test: a fresh PostgreSQL cluster, the real `queue-city serve` on a free
/// loopback port with its own certificate, and halls added with the real `queue-city hall add`.
final class CityUnderTest: @unchecked Sendable { // unchecked: a test drives it from one task
    let cluster: PostgresCluster
    let dir: String
    private(set) var server: RunningBinary?
    private(set) var port = 0

    init() async throws {
        cluster = try await PostgresCluster()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("city-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try await city(["unit", "add", "--id", "ha-noi", "--name", "Thành phố Hà Nội", "--level", "city"])
        try await city(["unit", "add", "--id", "ba-dinh", "--name", "Phường Ba Đình", "--level", "ward", "--parent", "ha-noi"])
        try await city(["unit", "add", "--id", "hoan-kiem", "--name", "Phường Hoàn Kiếm", "--level", "ward", "--parent", "ha-noi"])
        try await serve()
    }

    var certificate: String { dir + "/city-tls.crt" }
    var url: String { "https://127.0.0.1:\(port)" }

    /// Starts `queue-city serve` (again on the same port after the first time).
    func serve() async throws {
        let server = try RunningBinary("queue-city", ["serve", "--postgres-url", cluster.url, "--host", "127.0.0.1",
                                                      "--https-port", "\(port)", "--state-dir", dir, "--log-level", "info"])
        guard await server.wait(seconds: 60, until: { out, _ in out.contains("listening on") }),
              let line = server.out.split(separator: "\n").first(where: { $0.contains("listening on") }),
              let found = line.split(separator: " ").first(where: { $0.hasPrefix("https://") }).flatMap({ Int($0.split(separator: ":").last ?? "") }) else {
            throw CityTestError("queue-city serve did not start: \(server.out) \(server.err)")
        }
        port = found
        self.server = server
    }

    func kill9() {
        guard let server else { return }
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
    }

    /// Adds a hall in `unit` (named `name`, default after its code); returns its key file's path.
    func addHall(_ id: String, unit: String, name: String? = nil) async throws -> String {
        let key = dir + "/\(id).key"
        try await city(["hall", "add", "--id", id, "--name", name ?? "Hall \(id)", "--unit", unit, "--key-out", key])
        return key
    }

    /// The `[city]` section for a hall with this key file.
    func section(key: String) -> String {
        "\n[city]\nurl = \"\(url)\"\nkey_file = \"\(key)\"\ncertificate = \"\(certificate)\"\n"
    }

    /// How many ratings the city holds of `hall`, if its acknowledgement agrees (else -1).
    func ratings(_ hall: String) async throws -> Int {
        let r = try await cluster.sql("SELECT COUNT(*), (SELECT rating_seq FROM hall WHERE id = '\(hall)') FROM hall_rating WHERE hall = '\(hall)'")
        let v = r.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map { Int($0) ?? -1 }
        return v.count == 2 && v[0] == v[1] ? v[0] : -1
    }

    /// What the city holds of `hall`: events, distinct sequences, the highest, and its ack.
    func held(_ hall: String) async throws -> (rows: Int, distinct: Int, max: Int, acked: Int) {
        let r = try await cluster.sql("SELECT COUNT(*), COUNT(DISTINCT seq), COALESCE(MAX(seq), 0), (SELECT acked FROM hall WHERE id = '\(hall)') FROM hall_event WHERE hall = '\(hall)'")
        let v = r.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map { Int($0) ?? -1 }
        return (v[0], v[1], v[2], v[3])
    }

    /// Runs `queue-city` with the cluster's address; throws with its output when it fails.
    @discardableResult
    func city(_ arguments: [String]) async throws -> String {
        try await CityTestRun.run("queue-city", arguments + ["--postgres-url", cluster.url])
    }

    deinit {
        // SIGTERM, and SIGKILL if it has not stopped within 15 s (as systemd's TimeoutStopSec).
        if let server, server.isRunning {
            server.process.terminate()
            for _ in 0..<150 where server.isRunning { Thread.sleep(forTimeInterval: 0.1) }
            if server.isRunning { kill(server.process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// A simulated hall's state directory: the sample hall named `name` at `level`, `days` days of it
/// made by the real `queuectl simulate` (no city yet), then the `[city]` section added to its
/// hall.toml. The test hands it to a `CoordinatorProcess`, which removes it when the test ends.
func simulatedHall(name: String, level: String = "ward", days: Int, tickets: Int, seed: Int, city: String) async throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hall-\(UUID().uuidString)").path
    do {
        let sample = try await CityTestRun.run("queue-coordinator", ["--print-default-config"])
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let i = lines.firstIndex(where: { $0.hasPrefix("name = ") }) { lines[i] = "name = \"\(name)\"" }
        if let i = lines.firstIndex(where: { $0.hasPrefix("level = ") }) { lines[i] = "level = \"\(level)\"" }
        let given = dir + ".toml"
        // Only for `queuectl simulate`, which keeps the hall's config in the state directory.
        defer { try? FileManager.default.removeItem(atPath: given) }
        try lines.joined(separator: "\n").write(toFile: given, atomically: true, encoding: .utf8)
        try await CityTestRun.run("queuectl", ["simulate", "--config", given, "--date", "2026-11-30", "--days", "\(days)", "--tickets", "\(tickets)",
                                         "--seed", "\(seed)", "--state-dir", dir])
        let config = dir + "/hall.toml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try (text + city).write(toFile: config, atomically: true, encoding: .utf8)
        return dir
    } catch {
        try? FileManager.default.removeItem(atPath: dir)
        throw error
    }
}

/// A JSON report's figures, keys sorted: what a city report and the hall's own agree on, figure
/// for figure (citizens' ratings included).
func figures(_ json: String) async throws -> String {
    guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
    return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// Citizens rate the visits served on the hall's last simulated day, through the store as the
/// coordinator does, as on that day (the simulator has opened the next one since), a minute after
/// its last event: every `every`-th visit after the first `skipping`, the levels and reasons in
/// turn. Returns how many.
@discardableResult
func rateVisits(stateDir: String, every: Int, skipping: Int = 0) throws -> Int {
    let store = try QueueStore(path: stateDir + "/queue.sqlite")
    defer { try? store.close() }
    let open = try #require(try store.meta("day"))
    let (day, served, last) = try store.read { db in
        let day = try String.fetchOne(db, sql: "SELECT MAX(day) FROM ticket WHERE outcome = 'served'") ?? ""
        return (day, try Int64.fetchAll(db, sql: "SELECT id FROM ticket WHERE day = ? AND outcome = 'served' ORDER BY id", arguments: [day]),
                try Int64.fetchOne(db, sql: "SELECT MAX(at) FROM event") ?? 0)
    }
    let reasons: [RatingReason?] = [nil, .longWait, nil, .staffAttitude]
    var n = 0
    for (i, id) in served.dropFirst(skipping).enumerated() where i % every == 0 {
        try store.write { tx in
            try tx.setMeta("day", day)
            try tx.addRating(ticket: id, rating: Rating.allCases[n % 3], reason: reasons[n % 4], at: Date(milliseconds: last + 60_000 + Int64(n)))
            try tx.setMeta("day", open)
        }
        n += 1
    }
    try #require(n > 0, "no served visit to rate on \(day)")
    return n
}

enum CityTestRun {
    @discardableResult
    static func run(_ binary: String, _ arguments: [String]) async throws -> String {
        let r = try await ProgramRun.run(CoordinatorProcess.binary(binary), arguments)
        guard r.status == 0 else {
            throw CityTestError("\(binary) \(arguments.prefix(3).joined(separator: " ")) exited \(r.status): \(r.err)")
        }
        return r.out
    }
}

struct CityTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
