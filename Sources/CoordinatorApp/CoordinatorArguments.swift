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

    @Option(help: "Serve the clerk console and manager dashboard over HTTPS on this port (off unless given; 0 picks a free one). See docs/WEB.md.")
    public var httpsPort: Int?

    @Option(help: "With --https-port: answer plain HTTP here by sending the browser to the HTTPS pages. Alone: serve the pages over plain HTTP, only on a loopback --http-host (behind a TLS proxy on this machine).")
    public var httpPort: Int?

    @Option(help: "Address the web pages listen on (default: --host).")
    public var httpHost: String?

    @Option(help: "The web pages' certificate (PEM), with --tls-key. Without them the box's own is used, made once in the state directory.")
    public var tlsCert: String?

    @Option(help: "The private key (PEM) of --tls-cert.")
    public var tlsKey: String?

    @Option(help: "trace, debug, info, notice, warning or error.")
    public var logLevel: String = "info"

    public enum ClockMode: String, ExpressibleByArgument, Sendable { case system, virtual }

    public init() {}

    /// The hall: the --config file, else the embedded sample hall. A bad file throws its sentence.
    public func hall() throws -> HallConfig {
        try config.map(HallConfigLoader.load(path:)) ?? HallConfigLoader.defaultHall()
    }

    /// Where the web pages listen and how: over HTTPS with a redirect from HTTP, over HTTPS
    /// alone, over plain HTTP on loopback only, or not at all (nil). A plain-HTTP page on a hall
    /// LAN would send sign-in cookies in clear, so that is refused with what to do instead.
    public func web() throws -> WebListeners? {
        let host = httpHost ?? self.host
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("Give --tls-cert and --tls-key together: the certificate and its private key.")
        }
        if let httpsPort { return WebListeners(host: host, https: httpsPort, http: httpPort) }
        guard let httpPort else {
            if tlsCert != nil { throw ValidationError("--tls-cert is for the web pages; add --https-port.") }
            return nil
        }
        guard WebListeners.isLoopback(host) else {
            throw ValidationError("Plain HTTP on \(host) would send clerks' and managers' sign-ins across the hall network in clear. Add --https-port 8443 (this box makes its own certificate), or listen with --http-host 127.0.0.1 behind a TLS proxy on this machine.")
        }
        return WebListeners(host: host, https: nil, http: httpPort)
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

/// Where the web pages listen: `https` serves them (with `http` redirecting to it), or `http`
/// alone serves them on a loopback host.
public struct WebListeners: Equatable, Sendable {
    public var host: String
    public var https: Int?
    public var http: Int?

    public init(host: String, https: Int?, http: Int?) {
        self.host = host
        self.https = https
        self.http = http
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
