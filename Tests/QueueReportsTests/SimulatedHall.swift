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
    /// A stopped one (as `run` leaves it) has its directory removed here and now: a task might not
    /// run before the test process exits, and the directory would be left behind.
    deinit {
        let coordinator = coordinator, stateDir = stateDir
        guard let coordinator else {
            try? FileManager.default.removeItem(atPath: stateDir)
            return
        }
        Task {
            await coordinator.stop()
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
}

enum DefaultHallText {
    static var sample: String { (try? SimulatedHall.toml(configPath: nil, counters: nil)) ?? "" }
}
