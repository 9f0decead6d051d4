import ArgumentParser
import Foundation
import Logging
import QueueConfig
import QueueCore
import QueueServer
import QueueWire
import ServiceLifecycle

@main
struct QueueCoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-coordinator",
        abstract: "The hall's queue coordinator: the only writer of queue state, serving kiosks, boards and clerks.")

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

    @Option(help: "Seconds a new connection has to authenticate.")
    var handshakeTimeout: Int = 10

    @Option(help: "Seconds of silence after which a connection is closed (clients ping every 20 s).")
    var idleTimeout: Int = 90

    @Option(help: "trace, debug, info, notice, warning or error.")
    var logLevel: String = "info"

    @Flag(help: "Print the embedded sample hall config and exit.")
    var printDefaultConfig = false

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
        let hall: HallConfig
        do {
            hall = try config.map(HallConfigLoader.load(path:)) ?? HallConfigLoader.defaultHall()
        } catch {
            throw ValidationError("\(error)")
        }
        var options = CoordinatorOptions(
            config: hall, stateDir: stateDir, host: host, port: port,
            discoveryPort: noDiscovery ? nil : discoveryPort, virtualClock: clock == .virtual,
            onListening: { tcp, udp in
                // One line on stdout for scripts and tests that started us with port 0.
                print("listening tcp=\(tcp) discovery=\(udp.map(String.init) ?? "off")")
                fflush(stdout)
            })
        options.handshakeTimeout = .seconds(Int64(max(1, handshakeTimeout)))
        options.idleTimeout = .seconds(Int64(max(5, idleTimeout)))
        let coordinator: Coordinator
        do {
            coordinator = try Coordinator(options: options, logger: logger)
        } catch let error as QueueError {
            throw ValidationError(error.message)
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: coordinator)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
