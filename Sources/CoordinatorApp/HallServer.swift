import CityLink
import Foundation
import Logging
import NIOConcurrencyHelpers
import QueueConfig
import QueueCore
import QueueServer
import QueueWeb
import ServiceLifecycle
import UnixSignals
import WebTLS

/// A whole coordinator built from its arguments: the coordinator service and, with --https-port
/// (or --http-port on loopback), the web pages in front of it. `queue-coordinator` runs one until SIGTERM; the simulator and
/// tests run one in their own process with `start()` and `stop()`.
public final class HallServer: Sendable {
    public let coordinator: Coordinator
    private let services: [any ServiceLifecycle.Service]
    private let logger: Logger
    private let ports: PortsReady
    /// Set by `start` (once: a coordinator runs once); `stop` waits for its task.
    private let group = NIOLockedValueBox<(ServiceGroup, Task<Void, Error>)?>(nil)
    private let started = NIOLockedValueBox(false)
    /// Where phones reach the ticket pages, once the web ports are known.
    private let phonePages: @Sendable (Listening) -> String?

    /// Opens the state directory and builds the services; nothing listens until it runs. A bad
    /// config file, state directory or database throws its sentence (`QueueError` or a
    /// `ValidationError` for the arguments).
    /// `onTick` is called each time the writer has taken the coordinator's 10 s tick (it is alive).
    public init(_ arguments: CoordinatorArguments, logger: Logger, onTick: (@Sendable () -> Void)? = nil) throws {
        let hall = try arguments.hall()
        let web = try arguments.web()
        // The certificate before the coordinator takes its state directory: a bad one leaves
        // nothing open behind it.
        let certificate = try web?.https.map { _ in try Self.certificate(arguments, logger: logger) }
        let ports = PortsReady(web: web)
        self.ports = ports
        self.logger = logger
        var options = try arguments.options(hall: hall) { tcp, udp in ports.coordinator(tcp: tcp, discovery: udp) }
        options.onTick = onTick
        coordinator = try Coordinator(options: options, logger: logger)
        let configured = try arguments.config.flatMap(Self.phonePageBase)
        // No web pages, no phone pages, whatever the hall file says.
        phonePages = { listening in
            web.flatMap { configured ?? PhonePageAddress.derived(host: $0.host, http: listening.http, https: listening.https) }
        }
        // The web pages stop before the coordinator (services stop in reverse order), so every
        // change they asked for is still committed by its writer.
        var services: [any ServiceLifecycle.Service] = [coordinator]
        if let web {
            let console = WebConsole(coordinator: coordinator, logger: logger)
            if let https = web.https, let certificate {
                services += try console.services(host: web.host, port: https, certificate: certificate) { ports.web(https: $0) }
                if let http = web.http {
                    services.append(console.redirectService(host: web.host, port: http, httpsPort: { ports.httpsPort }) { ports.web(http: $0) })
                }
            } else if let http = web.http {
                services += try console.services(host: web.host, port: http) { ports.web(http: $0) }
            }
        }
        // The outbox last, so it stops first: it only reads what the coordinator committed.
        if let config = arguments.config, let city = try Self.cityLink(config) {
            let metrics = coordinator.metrics
            services.append(CityOutbox(settings: city, databasePath: (options.stateDir as NSString).appendingPathComponent(Coordinator.databaseFile),
                                       logger: logger, onLag: { metrics.cityLag($0) }))
        }
        self.services = services
    }

    static func phonePageBase(_ config: String) throws -> String? {
        do { return try HallConfigLoader.phonePageBase(path: config) } catch let error as ConfigError {
            throw QueueError(.config, error.description)
        }
    }

    /// Once every socket is bound: new tickets carry their phone page from now on.
    private func listening(_ listening: Listening) {
        let base = phonePages(listening)
        coordinator.ticketPages.setBase(base)
        guard let base else { return }
        if PhonePageAddress.isLoopback(base) {
            logger.warning("tickets link to their phone pages on this machine's loopback address, which no phone can reach; set [phone_page] base_url in the hall file (docs/PHONE.md)",
                           metadata: ["base": "\(base)"])
        } else {
            logger.notice("tickets link to their phone pages", metadata: ["base": "\(base)"])
        }
    }

    static func cityLink(_ config: String) throws -> CityLinkSettings? {
        do { return try HallConfigLoader.cityLink(path: config) } catch let error as ConfigError {
            throw QueueError(.config, error.description)
        }
    }

    /// The web pages' certificate: --tls-cert/--tls-key, or the box's own (made on first use).
    /// Its fingerprint is logged at every start, for staff to compare with their browser's.
    static func certificate(_ arguments: CoordinatorArguments, logger: Logger) throws -> WebCertificate {
        if let cert = arguments.tlsCert, let key = arguments.tlsKey {
            let given = try WebCertificate.load(certificate: cert, key: key)
            if given.notValidAfter < Date() {
                logger.warning("the web certificate has expired: browsers will refuse the pages", metadata: ["certificate": "\(cert)", "expired": "\(given.notValidAfter)"])
            }
            logger.notice("web certificate \(cert)", metadata: ["sha256": "\(given.fingerprint)"])
            return given
        }
        let (box, made) = try WebCertificate.box(stateDir: arguments.stateDir)
        if made {
            logger.notice("made this box's web certificate; staff compare its fingerprint with the browser's before trusting it",
                          metadata: ["names": "\(box.names.joined(separator: ", "))", "sha256": "\(box.fingerprint)"])
        } else {
            logger.notice("web certificate of this box", metadata: ["sha256": "\(box.fingerprint)"])
        }
        return box
    }

    /// Runs until one of `signals` (SIGTERM and SIGINT for the executable), then shuts down
    /// gracefully; `onListening` is called once every socket is bound.
    public func run(signals: [UnixSignal], onListening: @escaping @Sendable (Listening) -> Void) async throws {
        ports.onReady { self.listening($0); onListening($0) }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: signals, logger: logger))
        try await group.run()
    }

    /// Starts it in this process and returns where it listens once every socket is bound.
    public func start() async throws -> Listening {
        guard started.withLockedValue({ was in defer { was = true }; return !was }) else {
            throw QueueError(.`internal`, "This hall server was started already; build another to start again.")
        }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        let bound = AsyncStream<Listening>.makeStream()
        ports.onReady { self.listening($0); bound.continuation.yield($0); bound.continuation.finish() }
        let task = Task { defer { bound.continuation.finish() }; try await group.run() }
        self.group.withLockedValue { $0 = (group, task) }
        for await listening in bound.stream { return listening }
        // It stopped before listening: say why.
        try await task.value
        throw QueueError(.noCoordinator, "The coordinator stopped before it listened.")
    }

    /// Shuts a started one down gracefully: it commits what is queued and closes its database.
    /// Every caller returns once it has stopped, a second one too.
    public func stop() async {
        guard let (group, task) = self.group.withLockedValue({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// Collects the bound ports of the coordinator and the web pages and reports them once, when all
/// are known.
private final class PortsReady: Sendable {
    private struct State {
        var tcp: Int?
        var discovery: Int??
        var http: Int?
        var https: Int?
        var reported = false
        var onReady: (@Sendable (Listening) -> Void)?
    }
    private let web: WebListeners?
    private let state = NIOLockedValueBox(State())

    init(web: WebListeners?) { self.web = web }

    /// The bound HTTPS port, once it is known.
    var httpsPort: Int? { state.withLockedValue { $0.https } }

    func onReady(_ body: @escaping @Sendable (Listening) -> Void) {
        state.withLockedValue { $0.onReady = body }
        report()
    }

    func coordinator(tcp: Int, discovery: Int?) {
        state.withLockedValue { $0.tcp = tcp; $0.discovery = .some(discovery) }
        report()
    }

    func web(http: Int) {
        state.withLockedValue { $0.http = http }
        report()
    }

    func web(https: Int) {
        state.withLockedValue { $0.https = https }
        report()
    }

    private func report() {
        let ready: ((Listening) -> Void, Listening)? = state.withLockedValue { s in
            guard !s.reported, let onReady = s.onReady, let tcp = s.tcp, let discovery = s.discovery,
                  (web?.http == nil || s.http != nil), (web?.https == nil || s.https != nil) else { return nil }
            s.reported = true
            return (onReady, Listening(tcp: tcp, discovery: discovery, http: s.http, https: s.https))
        }
        if let (onReady, listening) = ready { onReady(listening) }
    }
}

extension HallServer {
    /// A hall in this process, built from `arguments` as the binary builds one, logging warnings
    /// and worse to `logFile`, and started: the simulator's and the tests' coordinator.
    public static func startLocal(_ arguments: [String], logFile: String) async throws -> (HallServer, Listening) {
        let parsed = try CoordinatorArguments.parse(arguments)
        let handler = try FileLogHandler(label: "queue-coordinator", path: logFile, level: .warning)
        let server = try HallServer(parsed, logger: Logger(label: "queue-coordinator") { _ in handler })
        return (server, try await server.start())
    }
}
