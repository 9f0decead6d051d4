import Foundation
import QueueClient
import QueueCore
import QueueSimulator
import Testing

/// A simulated hall for tests: the real coordinator binary (beside the test runner), a fresh
/// state directory, and `Simulation` driving it over the wire on its virtual clock. A test that
/// talks to the coordinator after its last use of this object says `defer { run.stop() }`: Swift
/// may release an object after its last use, and releasing this one stops the coordinator.
final class SimulatedRun {
    let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)").path
    var database: String { stateDir + "/queue.sqlite" }
    /// The coordinator, still running after `run` until this object goes.
    private(set) var launcher: CoordinatorLauncher?

    /// Simulates `days` of the hall in `toml` with `tickets` per day.
    func run(toml: String, days: [String], tickets: Int, seed: UInt64) async throws -> [Simulation.DayResult] {
        let config = try SimulatedHall.parse(toml, file: "test hall")
        let zone = TimeZone(identifier: config.hall.timeZone)!
        let launcher = try CoordinatorLauncher(binary: CoordinatorLauncher.sibling("queue-coordinator"), stateDir: stateDir,
                                               configText: toml, clockStart: LocalTime.startOfDay(days[0], in: zone)!)
        self.launcher = launcher
        let connection = try await QueueConnection.connect(to: launcher.address, key: launcher.key)
        defer { Task { await connection.close() } }
        return try await Simulation(scenario: Scenario(ticketsPerDay: tickets), seed: seed).run(days: days, on: connection)
    }

    /// Stops the coordinator and removes the state directory.
    func stop() {
        if let launcher, !launcher.isRunning {
            Issue.record("The coordinator had stopped before the test ended: \(launcher.ending)")
        } else if let log = try? String(contentsOfFile: stateDir + "/" + CoordinatorLauncher.logFile, encoding: .utf8), !log.isEmpty {
            print("coordinator warnings (\(stateDir)):\n\(log.suffix(4_000))")
        }
        launcher?.stop()
        launcher = nil
        try? FileManager.default.removeItem(atPath: stateDir)
    }

    deinit { stop() }
}

enum TestHalls {
    /// A hall open around the clock, so tickets are issued up to midnight. No counter serves G
    /// (its clerk is away), so G's tickets are still waiting when each day closes at midnight.
    static func allDay(zone: String) -> String {
        """
        [hall]
        name = "Trung tâm hành chính công 24 giờ"
        level = "city"
        time_zone = "\(zone)"
        weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        sessions = ["00:00-24:00"]

        [[service]]
        id = "A"
        name_vi = "Đất đai"
        name_en = "Land"

        [[service]]
        id = "C"
        name_vi = "Hộ tịch"
        name_en = "Civil status"
        wait_target_minutes = 10
        service_target_minutes = 15

        [[service]]
        id = "D"
        name_vi = "Chứng thực"
        name_en = "Certification"
        service_target_minutes = 10

        [[service]]
        id = "G"
        name_vi = "Trả kết quả"
        name_en = "Return of results"

        [[counter]]
        number = 1
        services = ["A", "C"]

        [[counter]]
        number = 2
        services = ["C", "D"]

        [[counter]]
        number = 3
        services = ["D", "A"]
        """
    }
}

enum DefaultHallText {
    static var sample: String { (try? SimulatedHall.toml(configPath: nil, counters: nil)) ?? "" }
}
