import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Starts the real `queue-coordinator` binary on 127.0.0.1 (a free port, no discovery) on a
/// virtual clock, with its state in `stateDir` and the hall config written there as hall.toml,
/// where reports find it beside queue.sqlite. A fresh state directory's clock starts at
/// `clockStart` (`--start`); one with history keeps its clock, which never goes back. What the
/// coordinator logs goes to coordinator.log there (a file, so a chatty coordinator never blocks
/// on a pipe nobody reads).
public final class CoordinatorLauncher: @unchecked Sendable { // unchecked: set up in init, read-only after; Process may be stopped from any thread
    public let stateDir: String
    public private(set) var address = CoordinatorAddress(host: "127.0.0.1", port: 0)
    public private(set) var key: KeyFile!
    private let process = Process()

    public static let databaseFile = "queue.sqlite"
    public static let configFile = "hall.toml"
    public static let logFile = "coordinator.log"

    public init(binary: String, stateDir: String, configText: String, clockStart: Date) throws {
        self.stateDir = stateDir
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw QueueError(.noCoordinator, "The coordinator binary is not at \(binary); build it (swift build) so it sits beside queuectl.")
        }
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let configPath = (stateDir as NSString).appendingPathComponent(Self.configFile)
        try configText.write(toFile: configPath, atomically: true, encoding: .utf8)
        let database = (stateDir as NSString).appendingPathComponent(Self.databaseFile)
        let fresh = !FileManager.default.fileExists(atPath: database)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config", configPath, "--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0",
                             "--no-discovery", "--clock", "virtual", "--log-level", "warning"]
            + (fresh ? ["--start", ISO8601DateFormatter().string(from: clockStart)] : [])
        let out = Pipe()
        let logPath = (stateDir as NSString).appendingPathComponent(Self.logFile)
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                process.waitUntilExit()
                let why = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw QueueError(.noCoordinator, "The coordinator exited before listening: \(why.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            line.append(chunk)
        }
        for part in String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) where part.hasPrefix("tcp=") {
            address = CoordinatorAddress(host: "127.0.0.1", port: Int(part.dropFirst(4)) ?? 0)
        }
        key = try KeyFile.read(path: (stateDir as NSString).appendingPathComponent("manager.key"))
    }

    /// The binary named `name` beside the running executable (or a few directories up, for a
    /// test runner inside a bundle).
    public static func sibling(_ name: String) -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent(name).path
    }

    /// Whether the coordinator still runs; if not, how it ended and the end of its log.
    public var isRunning: Bool { process.isRunning }
    public var ending: String {
        let log = (try? String(contentsOfFile: (stateDir as NSString).appendingPathComponent(Self.logFile), encoding: .utf8)) ?? ""
        return "status \(process.terminationStatus) (\(process.terminationReason == .uncaughtSignal ? "signal" : "exit")); log: \(log.suffix(4_000))"
    }

    /// Stops the coordinator (SIGTERM: it commits what is queued and exits).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
