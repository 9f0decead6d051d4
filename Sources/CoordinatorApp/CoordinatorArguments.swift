import ArgumentParser
import DeviceKeys
import Foundation
import NIOCore
import QueueConfig
import QueueCore
import QueueServer
import QueueWire

/// Everything that says how to run a coordinator, as `queue-coordinator` takes it on its command
/// line. The executable, the simulator and in-process tests parse the same arguments
/// (`CoordinatorArguments.parse([...])`), so a hall started either way is the same hall.
public struct CoordinatorArguments: ParsableArguments, Sendable {
    @Option(help: "Hall config file (TOML). Without it, the embedded sample hall is used.")
    public var config: String?

    @Option(help: "Where the database and the local manager key live.")
    public var stateDir: String = Defaults.stateDirectory

    @Option(help: "Address to listen on.")
    public var host: String = "0.0.0.0"

    @Option(help: "TCP port; 0 picks a free one.")
    public var port: Int = Defaults.port

    @Option(help: "UDP discovery port; 0 picks a free one.")
    public var discoveryPort: Int = Discovery.defaultPort

    @Flag(help: "Do not answer UDP discovery.")
    public var noDiscovery = false

    @Option(help: "system, or virtual: a manager request sets or advances the hall's time (tests, simulations).")
    public var clock: ClockMode = .system

    @Option(help: "With --clock virtual: where a fresh database's clock starts: \"YYYY-MM-DD HH:MM\" in the hall's time zone, or an ISO 8601 time with offset. A database with history keeps its last recorded time; a start before it is refused.")
    public var start: String?

    @Option(help: "Seconds a new connection has to authenticate.")
    public var handshakeTimeout: Int = 10

    @Option(help: "Seconds of silence after which a connection is closed (clients ping every 20 s).")
    public var idleTimeout: Int = 90

    @Option(help: "TCP connections held open at most; more are closed at once (keep LimitNOFILE well above it).")
    public var maxConnections: Int = 4_096

    @Option(help: "Connections that have not proved a key, at most; a new one pushes out the oldest.")
    public var maxUnauthenticated: Int = 256

    @Option(help: "Serve the clerk console and manager dashboard over HTTP on this port (off unless given; 0 picks a free one). See docs/WEB.md.")
    public var httpPort: Int?

    @Option(help: "Address the web pages listen on (default: --host).")
    public var httpHost: String?

    @Option(help: "trace, debug, info, notice, warning or error.")
    public var logLevel: String = "info"

    public enum ClockMode: String, ExpressibleByArgument, Sendable { case system, virtual }

    public init() {}

    /// The hall: the --config file, else the embedded sample hall. A bad file throws its sentence.
    public func hall() throws -> HallConfig {
        try config.map(HallConfigLoader.load(path:)) ?? HallConfigLoader.defaultHall()
    }

    /// The coordinator's options for `hall`; `onListening` gets the TCP and discovery ports.
    public func options(hall: HallConfig, onListening: (@Sendable (Int, Int?) -> Void)? = nil) throws -> CoordinatorOptions {
        var options = CoordinatorOptions(
            config: hall, stateDir: stateDir, host: host, port: port,
            discoveryPort: noDiscovery ? nil : discoveryPort, virtualClock: clock == .virtual, onListening: onListening)
        if let start {
            guard clock == .virtual else { throw ValidationError("--start is for --clock virtual; the system clock cannot be moved.") }
            let zone = TimeZone(identifier: hall.hall.timeZone) ?? .current
            guard let date = ISO8601DateFormatter().date(from: start) ?? LocalTime.instant(start, in: zone) else {
                throw ValidationError("--start \"\(start)\" is not a time; write \"YYYY-MM-DD HH:MM\" in the hall's time zone (\(zone.identifier)).")
            }
            options.clockStart = date
        }
        options.handshakeTimeout = .seconds(Int64(max(1, handshakeTimeout)))
        options.idleTimeout = .seconds(Int64(max(5, idleTimeout)))
        options.maxConnections = max(1, maxConnections)
        options.maxUnauthenticated = max(1, maxUnauthenticated)
        return options
    }
}
