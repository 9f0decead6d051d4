import Foundation
import QueueClient
import QueueCore
import QueueSimulator
import Testing

/// A simulated hall for tests: a coordinator in the test's process, built as the binary builds
/// one, a fresh state directory, and `Simulation` driving it over the wire on its virtual clock.
/// `run` stops the coordinator when the days are played (everything committed, the database
/// closed), unless asked to keep it for the test to talk to; then the test ends with `stop()`.
final class SimulatedRun: @unchecked Sendable { // unchecked: used by one test at a time
    let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)").path
    var database: String { stateDir + "/queue.sqlite" }
    /// The coordinator, when `run` was asked to keep it running.
    private(set) var coordinator: LocalCoordinator?

    /// Simulates `days` of the hall in `toml` with `tickets` per day.
    func run(toml: String, days: [String], tickets: Int, seed: UInt64, keepRunning: Bool = false) async throws -> [Simulation.DayResult] {
        let config = try SimulatedHall.parse(toml, file: "test hall")
        let zone = TimeZone(identifier: config.hall.timeZone)!
        let coordinator = try await LocalCoordinator.start(stateDir: stateDir, configText: toml, clockStart: LocalTime.startOfDay(days[0], in: zone)!)
        self.coordinator = coordinator
        let connection = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        let results = try await Simulation(scenario: Scenario(ticketsPerDay: tickets), seed: seed).run(days: days, on: connection)
        await connection.close()
        if !keepRunning { await stop(removing: false) }
        return results
    }

    /// Stops the coordinator (printing what it warned about) and, unless told not to, removes
    /// the state directory.
    func stop(removing: Bool = true) async {
        if let coordinator {
            await coordinator.stop()
            let log = coordinator.log
            if !log.isEmpty { print("coordinator warnings (\(stateDir)):\n\(log.suffix(4_000))") }
        }
        coordinator = nil
        if removing { try? FileManager.default.removeItem(atPath: stateDir) }
    }

    /// A test that ended early (it threw) still stops the coordinator, then removes its directory.
    deinit {
        let coordinator = coordinator, stateDir = stateDir
        Task {
            await coordinator?.stop()
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
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
