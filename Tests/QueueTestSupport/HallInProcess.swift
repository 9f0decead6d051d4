import CoordinatorApp
import Foundation
import QueueCore

/// A coordinator in the test's own process, built from the same arguments as the binary
/// (`HallServer`): 127.0.0.1, free ports, a fresh state directory, warnings to coordinator.log
/// there. It stops gracefully, and its state directory goes, when the test lets go of it.
public final class HallInProcess: CoordinatorUnderTest {
    public let stateDir: String
    public let port: Int
    public let discoveryPort: Int
    /// The plain-HTTP web port, when `arguments` asked for one.
    public let httpPort: Int?
    private let server: HallServer

    public init(virtualClock: Bool = true, arguments: [String] = []) async throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("coordinator-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let listening: Listening
        (server, listening) = try await HallServer.startLocal(
            ["--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0", "--discovery-port", "0"]
                + (virtualClock ? ["--clock", "virtual", "--start", CoordinatorProcess.mondayMorning] : []) + arguments,
            logFile: stateDir + "/coordinator.log")
        self.stateDir = stateDir
        port = listening.tcp
        discoveryPort = listening.discovery ?? 0
        httpPort = listening.http
    }

    /// Each board's and kiosk's health as the manager's panel shows it.
    public func deviceHealth() -> [DeviceHealth] { server.coordinator.deviceHealth() }

    /// What `/metrics` shows now.
    public func metricsText() -> String { server.coordinator.metricsText() }

    deinit {
        let server = server, stateDir = stateDir
        Task {
            await server.stop()
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
}
