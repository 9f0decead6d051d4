import CoordinatorApp
import DeviceKeys
import Foundation
import QueueClient
import QueueCore

/// A coordinator in this process, built as `queue-coordinator` builds one, on 127.0.0.1 (a free
/// port, no discovery) on a virtual clock, with its state in `stateDir` and the hall config
/// written there as hall.toml, where reports find it beside queue.sqlite. A fresh state
/// directory's clock starts at `clockStart`; one with history keeps its clock, which never goes
/// back. What it logs (warnings and worse) goes to coordinator.log there. Driven only over the
/// wire, as any device drives it.
public final class LocalCoordinator: Sendable {
    public let stateDir: String
    public let address: CoordinatorAddress
    public let key: KeyFile
    private let server: HallServer

    public static let databaseFile = "queue.sqlite"
    public static let configFile = "hall.toml"
    public static let logFile = "coordinator.log"

    private init(stateDir: String, address: CoordinatorAddress, key: KeyFile, server: HallServer) {
        self.stateDir = stateDir
        self.address = address
        self.key = key
        self.server = server
    }

    public static func start(stateDir: String, configText: String, clockStart: Date) async throws -> LocalCoordinator {
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let configPath = (stateDir as NSString).appendingPathComponent(configFile)
        try configText.write(toFile: configPath, atomically: true, encoding: .utf8)
        let fresh = !FileManager.default.fileExists(atPath: (stateDir as NSString).appendingPathComponent(databaseFile))
        let (server, listening) = try await HallServer.startLocal(
            ["--config", configPath, "--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0", "--no-discovery", "--clock", "virtual"]
                + (fresh ? ["--start", ISO8601DateFormatter().string(from: clockStart)] : []),
            logFile: (stateDir as NSString).appendingPathComponent(logFile))
        let key: KeyFile
        do { key = try KeyFile.read(path: (stateDir as NSString).appendingPathComponent("manager.key")) } catch {
            await server.stop()
            throw error
        }
        return LocalCoordinator(stateDir: stateDir, address: CoordinatorAddress(host: "127.0.0.1", port: listening.tcp), key: key, server: server)
    }

    /// What it logged, for a person looking at a failed run.
    public var log: String {
        (try? String(contentsOfFile: (stateDir as NSString).appendingPathComponent(Self.logFile), encoding: .utf8)) ?? ""
    }

    /// Stops it gracefully: it commits what is queued and closes its database.
    public func stop() async { await server.stop() }
}
