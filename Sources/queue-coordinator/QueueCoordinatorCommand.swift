import AppLog
import AppVersion
import ArgumentParser
import CoordinatorApp
import DeviceKeys
import Foundation
import Logging
import QueueConfig
import QueueCore
import QueueServer
import QueueWeb
import QueueWire
import ServiceLifecycle

@main
struct QueueCoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-coordinator",
        abstract: "The hall's queue coordinator: the only writer of queue state, serving kiosks, boards and clerks.",
        version: AppVersion.text)

    @OptionGroup var arguments: CoordinatorArguments

    @Flag(help: "Print the embedded sample hall config and exit.")
    var printDefaultConfig = false

    @Flag(help: "Only check the --config file: print what is wrong (exit 78) or nothing (exit 0).")
    var checkConfig = false

    func run() async throws {
        if printDefaultConfig {
            print(DefaultHall.toml, terminator: "")
            return
        }
        let level = Logger.Level(rawValue: arguments.logLevel) ?? .info
        AppLog.bootstrap(level: level)
        let logger = Logger(label: "queue-coordinator")
        if checkConfig {
            do { _ = try arguments.config.map(HallConfigLoader.load(path:)) } catch { throw Self.fail(with: "\(error)", status: Self.configError) }
            return
        }
        if let config = arguments.config {
            do { try ParseInChild.check(config, checkArguments: ["--check-config", "--config", config]) } catch {
                throw Self.fail(with: "\(error)", status: Self.configError)
            }
        }
        // Under systemd (Type=notify): ready once listening, kept alive by the writer's ticks.
        let systemd = SystemdNotify()
        let hall: HallServer
        do {
            hall = try HallServer(arguments, logger: logger, onTick: systemd.alive)
        } catch let error as ConfigError {
            // A config problem is not a wrong command line: the sentence alone, no usage, 78.
            throw Self.fail(with: "\(error)", status: Self.configError)
        } catch let error as QueueError {
            throw Self.fail(with: error.message, status: Self.startStatus(error))
        }
        do {
            try await hall.run(signals: [.sigterm, .sigint]) { listening in
                // Straight to the descriptor, at once: whoever started us waits for this line.
                FileHandle.standardOutput.write(Data((listening.line + "\n").utf8))
                systemd.ready(status: listening.line)
            }
        } catch let error as QueueError where error.code == .portInUse {
            throw Self.fail(with: error.message, status: Self.unavailable)
        }
    }
}

extension QueueCoordinatorCommand {
    /// Exit statuses (BSD sysexits), listed in README: 64 usage (a wrong command line, or a
    /// --start before the database's last recorded time), 73 the state directory or its database
    /// cannot be created, opened, written or passes no quick check, 78 a database that is not ours
    /// or is newer than this binary, 69 the TCP port is taken (another coordinator?), 78 a bad hall
    /// config file; 1 anything else.
    static let usage: Int32 = 64
    static let cannotCreate: Int32 = 73
    static let unavailable: Int32 = 69
    static let configError: Int32 = 78

    static func startStatus(_ error: QueueError) -> Int32 {
        switch error.code {
        case .clockBackwards: return usage
        case .stateDir, .storage, .keyFile: return cannotCreate
        case .database: return configError
        default: return 1
        }
    }

    /// Prints "queue-coordinator: SENTENCE" on standard error; the caller throws the exit code.
    static func fail(with sentence: String, status: Int32) -> ExitCode {
        JournalLogHandler.fatal("queue-coordinator: \(sentence)")
        return ExitCode(status)
    }
}
