import AppVersion
import ArgumentParser
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

    @Option(help: "Hall config file (TOML). Without it, the embedded sample hall is used.")
    var config: String?

    @Option(help: "Where the database and the local manager key live.")
    var stateDir: String = Defaults.stateDirectory

    @Option(help: "Address to listen on.")
    var host: String = "0.0.0.0"

    @Option(help: "TCP port; 0 picks a free one.")
    var port: Int = Defaults.port

    @Option(help: "UDP discovery port; 0 picks a free one.")
    var discoveryPort: Int = Discovery.defaultPort

    @Flag(help: "Do not answer UDP discovery.")
    var noDiscovery = false

    @Option(help: "system, or virtual: a manager request sets or advances the hall's time (tests, simulations).")
    var clock: ClockMode = .system

    @Option(help: "With --clock virtual: where a fresh database's clock starts: \"YYYY-MM-DD HH:MM\" in the hall's time zone, or an ISO 8601 time with offset. A database with history keeps its last recorded time; a start before it is refused.")
    var start: String?

    @Option(help: "Seconds a new connection has to authenticate.")
    var handshakeTimeout: Int = 10

    @Option(help: "Seconds of silence after which a connection is closed (clients ping every 20 s).")
    var idleTimeout: Int = 90

    @Option(help: "TCP connections held open at most; more are closed at once (keep LimitNOFILE well above it).")
    var maxConnections: Int = 4_096

    @Option(help: "Connections that have not proved a key, at most; a new one pushes out the oldest.")
    var maxUnauthenticated: Int = 256

    @Option(help: "Serve the clerk console and manager dashboard over HTTP on this port (off unless given; 0 picks a free one). See docs/WEB.md.")
    var httpPort: Int?

    @Option(help: "Address the web pages listen on (default: --host).")
    var httpHost: String?

    @Option(help: "trace, debug, info, notice, warning or error.")
    var logLevel: String = "info"

    @Flag(help: "Print the embedded sample hall config and exit.")
    var printDefaultConfig = false

    @Flag(help: "Only check the --config file: print what is wrong (exit 78) or nothing (exit 0).")
    var checkConfig = false

    enum ClockMode: String, ExpressibleByArgument { case system, virtual }

    func run() async throws {
        if printDefaultConfig {
            print(DefaultHall.toml, terminator: "")
            return
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "queue-coordinator")
        if checkConfig {
            do { _ = try config.map(HallConfigLoader.load(path:)) } catch { throw Self.fail(with: "\(error)", status: Self.configError) }
            return
        }
        if let config { try Self.survivesParsing(config) }
        let hall: HallConfig
        do {
            hall = try config.map(HallConfigLoader.load(path:)) ?? HallConfigLoader.defaultHall()
        } catch {
            // A config problem is not a wrong command line: the sentence alone, no usage, 78.
            throw Self.fail(with: "\(error)", status: Self.configError)
        }
        var clockStart: Date?
        if let start {
            guard clock == .virtual else { throw ValidationError("--start is for --clock virtual; the system clock cannot be moved.") }
            let zone = TimeZone(identifier: hall.hall.timeZone) ?? .current
            guard let date = ISO8601DateFormatter().date(from: start) ?? LocalTime.instant(start, in: zone) else {
                throw ValidationError("--start \"\(start)\" is not a time; write \"YYYY-MM-DD HH:MM\" in the hall's time zone (\(zone.identifier)).")
            }
            clockStart = date
        }
        let listening = ListeningLine(web: httpPort != nil)
        var options = CoordinatorOptions(
            config: hall, stateDir: stateDir, host: host, port: port,
            discoveryPort: noDiscovery ? nil : discoveryPort, virtualClock: clock == .virtual,
            onListening: { tcp, udp in listening.coordinator(tcp: tcp, discovery: udp) })
        options.clockStart = clockStart
        options.handshakeTimeout = .seconds(Int64(max(1, handshakeTimeout)))
        options.idleTimeout = .seconds(Int64(max(5, idleTimeout)))
        options.maxConnections = max(1, maxConnections)
        options.maxUnauthenticated = max(1, maxUnauthenticated)
        let coordinator: Coordinator
        do {
            coordinator = try Coordinator(options: options, logger: logger)
        } catch let error as QueueError {
            throw Self.fail(with: error.message, status: Self.startStatus(error))
        }
        // The web pages stop before the coordinator (services stop in reverse order), so every
        // change they asked for is still committed by its writer.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: coordinator)]
        if let httpPort {
            let web = WebConsole(coordinator: coordinator, logger: logger)
            services += web.services(host: httpHost ?? host, port: httpPort) { listening.web(http: $0) }.map { .init(service: $0) }
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
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

    /// The TOML library's C++ parser aborts (an assertion, in every build) on some malformed files,
    /// e.g. `services = [}G", "D"]`, instead of reporting an error (found by fuzzing). So the file
    /// is first parsed by a child process (`--check-config`): a crash there becomes a sentence and
    /// exit 78 here, not a coordinator that systemd restarts in a loop.
    static func survivesParsing(_ path: String) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["--check-config", "--config", path]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        do { try child.run() } catch { return } // cannot check: parse in-process as before
        child.waitUntilExit()
        if child.terminationReason == .uncaughtSignal {
            throw fail(with: "\(path): the TOML parser crashed on this file (signal \(child.terminationStatus)); look for an unclosed or stray bracket, brace or quote, e.g. `services = [}G\", \"D\"]`. Compare with queue-coordinator --print-default-config.", status: configError)
        }
    }

    /// Prints "queue-coordinator: SENTENCE" on standard error; the caller throws the exit code.
    static func fail(with sentence: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("queue-coordinator: \(sentence)\n".utf8))
        return ExitCode(status)
    }
}

/// The one line on stdout that scripts and tests read when they started us with port 0:
/// `listening tcp=5740 discovery=5741` (and ` http=8080` with --http-port), printed once every
/// socket is bound.
final class ListeningLine: @unchecked Sendable { // unchecked: its fields are read and written only under `lock`
    private let lock = NSLock()
    private let web: Bool
    private var tcp: Int?
    private var discovery: Int??
    private var http: Int?

    init(web: Bool) { self.web = web }

    func coordinator(tcp: Int, discovery: Int?) {
        lock.withLock { self.tcp = tcp; self.discovery = .some(discovery) }
        printIfReady()
    }

    func web(http: Int) {
        lock.withLock { self.http = http }
        printIfReady()
    }

    private func printIfReady() {
        let line: String? = lock.withLock {
            guard let tcp, let discovery, !web || http != nil else { return nil }
            defer { self.tcp = nil }
            return "listening tcp=\(tcp) discovery=\(discovery.map(String.init) ?? "off")" + (http.map { " http=\($0)" } ?? "")
        }
        guard let line else { return }
        // Straight to the descriptor, at once: whoever started us waits for this line.
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
