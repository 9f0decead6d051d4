import Foundation
import Logging
import NIOCore
import NIOPosix
import QueueCore
import QueueStore
import QueueWire
import ReportStore
import ServiceLifecycle

/// How to run a coordinator.
public struct CoordinatorOptions: Sendable {
    public var config: HallConfig
    public var stateDir: String
    public var host: String
    /// TCP port; 0 picks a free one (tests).
    public var port: Int
    /// UDP discovery port; nil turns discovery off, 0 picks a free one.
    public var discoveryPort: Int?
    public var virtualClock: Bool
    /// Where a virtual clock starts: the first instant of a fresh database. A database with
    /// history keeps its last recorded instant; a start before it is refused.
    public var clockStart: Date?
    /// A peer that has not authenticated by then is disconnected.
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// A connection that sends nothing for this long (clients ping every 20 s) is disconnected.
    public var idleTimeout: TimeAmount = .seconds(90)
    /// Connections held open at most, and at most this many not yet authenticated.
    public var maxConnections = 4_096
    public var maxUnauthenticated = 256
    /// Called once the sockets are bound, with the TCP and discovery ports.
    public var onListening: (@Sendable (Int, Int?) -> Void)?
    /// Called each time the writer has taken the coordinator's own 10 s tick: proof that the
    /// writer is alive (the systemd watchdog is fed from it).
    public var onTick: (@Sendable () -> Void)?

    public init(config: HallConfig, stateDir: String, host: String = "0.0.0.0", port: Int = 5740,
                discoveryPort: Int? = Discovery.defaultPort, virtualClock: Bool = false,
                onListening: (@Sendable (Int, Int?) -> Void)? = nil) {
        self.config = config
        self.stateDir = stateDir
        self.host = host
        self.port = port
        self.discoveryPort = discoveryPort
        self.virtualClock = virtualClock
        self.onListening = onListening
    }
}

/// The queue coordinator: opens the state directory, then serves TCP and UDP discovery until a
/// graceful shutdown (SIGTERM), when it stops taking connections and commits what was queued.
public final class Coordinator: ServiceLifecycle.Service, @unchecked Sendable { // unchecked: immutable after init; each part is Sendable or keeps its own state behind a lock or thread
    public static let databaseFile = "queue.sqlite"
    public static let managerKeyFile = "manager.key"
    public static let tickInterval = TimeAmount.seconds(10)

    let options: CoordinatorOptions
    let logger: Logger
    let store: QueueStore
    let writer: Writer
    let hub: Hub
    let devices: DeviceDirectory
    /// Whether the writer takes its ticks and the database its commits (`/health`).
    public let health = WriterHealth()
    /// What `/metrics` shows.
    public let metrics = CoordinatorMetrics()
    /// Each ticket's page for the citizen's phone: its token, and where the pages are served.
    public let ticketPages: TicketPages
    /// The state directory's lock, held until the process ends.
    let stateLock: Int32

    public init(options: CoordinatorOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        try StateDirectory.prepare(options.stateDir)
        // One coordinator per state directory; `queuectl restore` waits for this lock too.
        guard let lock = try QueueStore.lockStateDirectory(options.stateDir) else {
            throw QueueError(.stateDir, "Another coordinator is running on \(options.stateDir); stop it first, or give another --state-dir.")
        }
        stateLock = lock
        store = try QueueStore(path: (options.stateDir as NSString).appendingPathComponent(Self.databaseFile))
        try LocalManagerKey.ensure(store: store, path: (options.stateDir as NSString).appendingPathComponent(Self.managerKeyFile), logger: logger)
        ticketPages = try TicketPages.load(stateDir: options.stateDir, logger: logger)
        devices = DeviceDirectory(try store.allDevices())
        hub = Hub(logger: logger)
        let state = try store.loadState(config: options.config)
        var virtualNow: Date?
        if options.virtualClock {
            virtualNow = try Self.virtualClockStart(store: store, start: options.clockStart, zone: state.timeZone)
        }
        StartupWarnings.log(state: state, now: virtualNow ?? Date(), logger: logger)
        writer = Writer(store: store, state: state, virtualNow: virtualNow, hub: hub, devices: devices, health: health, metrics: metrics,
                        ticketPages: ticketPages, logger: logger)
        logger.info("state loaded", metadata: ["day": "\(state.day)", "seq": "\(state.seq)", "open tickets": "\(state.tickets.count)",
                                               "clock": "\(options.virtualClock ? "virtual" : "system")"])
    }

    /// Each board's and kiosk's health now, for the manager's device panel.
    public func deviceHealth() -> [DeviceHealth] { hub.health(of: devices.all()) }

    /// `/metrics`: the counters as they are, with the connected devices and the writer's health
    /// read now, in Prometheus text.
    public func metricsText() -> String {
        var byRole: [String: Int] = [:]
        for name in hub.connectedDevices() {
            if let role = devices.active(name)?.info.role { byRole[role.rawValue, default: 0] += 1 }
        }
        metrics.connected(byRole, roles: Role.allCases.map(\.rawValue))
        var problems: [String: Int] = [:]
        let now = Date()
        for device in deviceHealth() {
            for problem in device.problems(now: now) { problems[problem.kind, default: 0] += 1 }
        }
        metrics.deviceProblems(problems)
        metrics.healthy(health.report().healthy)
        return metrics.registry.emitToString()
    }

    static func inUse(_ error: Error) -> Bool { (error as? IOError)?.errnoCode == EADDRINUSE }

    static func bindFailure(_ error: Error, _ proto: String, host: String, port: Int) -> String {
        let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() } ?? "\(error)"
        return "cannot listen on \(proto) \(host):\(port): \(reason)"
    }

    /// A virtual clock starts at `start`, else where the database last left it, else at the
    /// system time; it never goes back before the last recorded instant.
    static func virtualClockStart(store: QueueStore, start: Date?, zone: TimeZone) throws -> Date {
        let recorded = try store.meta("virtual_now").flatMap(Int64.init).map(Date.init(milliseconds:)) ?? store.lastEventTime()
        guard let start else { return recorded ?? Date().roundedToMillisecond }
        if let recorded, start < recorded {
            throw QueueError(.clockBackwards, "The virtual clock cannot start at \(LocalTime.describe(start, in: zone)): this database already recorded \(LocalTime.describe(recorded, in: zone)) (hall time) and time never goes back. Start at or after that, or use a fresh --state-dir.")
        }
        try store.write { try $0.setMeta("virtual_now", String(start.milliseconds)) }
        return start.roundedToMillisecond
    }

    public func run() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        writer.start()
        let server: Channel
        let reports = ReportService(store: store, config: options.config, logger: logger, now: { [writer] in writer.committedNow() })
        reports.summarizeClosedDays()
        // A day is summarised as soon as it closes, off the writer, so no report waits for it.
        let summaryTap = UUID()
        hub.addTap(summaryTap) { events, _ in
            if events.contains(where: { $0.kind == .dayOpened }) { reports.summarizeClosedDays() }
        }
        let limits = ConnectionLimits(maxOpen: options.maxConnections, maxUnauthenticated: options.maxUnauthenticated, logger: logger)
        do {
            server = try await ServerBootstrap(group: group)
                // Out of file descriptors, accepting pauses briefly instead of spinning a core.
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler()) }
                }
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 256 * 1024, high: 4 * 1024 * 1024))
                .childChannelInitializer { [self] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            IdleStateHandler(readTimeout: options.idleTimeout),
                            ByteToMessageHandler(FrameDecoder(maxLength: FrameLimits.fromClient)),
                            MessageToByteHandler(FrameEncoder()),
                            ConnectionHandler(writer: writer, reports: reports, hub: hub, devices: devices, hall: options.config.hall, limits: limits,
                                              handshakeTimeout: options.handshakeTimeout, logger: logger),
                        ])
                    }
                }
                .bind(host: options.host, port: options.port).get()
        } catch {
            await writer.stop()
            throw QueueError(.portInUse, Self.bindFailure(error, "TCP", host: options.host, port: options.port)
                + (Self.inUse(error) ? "; is another coordinator running? Stop it, or give --port." : "."))
        }
        let port = server.localAddress?.port ?? options.port

        var discovery: Channel?
        if let discoveryPort = options.discoveryPort {
            do {
                // Bound exclusively (no SO_REUSEADDR): a second coordinator on this box must not
                // answer the hall's discovery too.
                discovery = try await DatagramBootstrap(group: group)
                    .channelOption(ChannelOptions.socketOption(.so_broadcast), value: 1)
                    .channelInitializer { [self] channel in
                        channel.pipeline.addHandler(DiscoveryResponder(hallName: options.config.hall.name, tcpPort: port, logger: logger))
                    }
                    .bind(host: options.host, port: discoveryPort).get()
            } catch {
                let why = Self.inUse(error) ? "UDP port \(discoveryPort) is in use" : Self.bindFailure(error, "UDP", host: options.host, port: discoveryPort)
                logger.warning("discovery is off: \(why); devices need --coordinator HOST:\(port)")
            }
        }
        let udpPort = discovery?.localAddress?.port
        logger.info("listening", metadata: ["tcp": "\(options.host):\(port)", "discovery": "\(udpPort.map(String.init) ?? "off")"])
        options.onListening?(port, udpPort)
        health.start()

        // Time passes even when nobody asks anything: a tick closes the day at local midnight.
        let onTick = options.onTick
        let ticker = group.next().scheduleRepeatedTask(initialDelay: .zero, delay: Self.tickInterval) { [writer, health] _ in
            // Whatever the tick's result, the writer took it: it is alive (a refusing disk is
            // /health's and the log's to say, not a reason for systemd to kill it).
            writer.submit(Job(requestId: nil, work: .request(.command(.tick)), caller: .coordinator, answer: .typed { _ in
                health.alive()
                onTick?()
            }))
        }

        try? await gracefulShutdown()
        logger.info("shutting down: no new connections; committing what is queued")
        ticker.cancel()
        try? await discovery?.close()
        try? await server.close()
        hub.removeTap(summaryTap)
        await writer.stop()
        // Reports and summaries read the database: they finish before it closes.
        await reports.finish()
        do {
            try store.close()
            logger.info("stopped; the database is checkpointed and closed")
        } catch {
            logger.warning("stopped, but the database could not be checkpointed (\(error)); its -wal file still holds recent changes, keep it beside queue.sqlite")
        }
    }
}

enum StateDirectory {
    static func prepare(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw QueueError(.stateDir, "Cannot create the state directory \(path): \(error.localizedDescription). Pick another with --state-dir.")
        }
    }
}
