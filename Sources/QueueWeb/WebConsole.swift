import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import QueueCore
import QueueServer
import QueueWire
import ServiceLifecycle
import WebTLS

/// The clerk console and the manager dashboard, served over HTTP by the coordinator's own
/// process. Every change a page asks for goes through `Coordinator.perform` (or `change`, for
/// clerk PINs): the same writer, request-id and role checks as a TCP device.
public final class WebConsole: Sendable {
    let coordinator: Coordinator
    let sessions: SessionStore
    let throttle = LoginThrottle()
    /// Wrong PINs per counter from all addresses together (30 an hour at most).
    let guesses = NIOLockedValueBox(PinGuessBudget())
    /// Whether a task is redrawing the dashboards as wrong PINs are forgiven.
    let watchingPinAlerts = NIOLockedValueBox(false)
    let live: LiveHall
    /// Today's tickets by their phone-page token, and how often one address may ask for pages.
    let phoneTokens = PhoneTokens()
    let phoneLimit: PhoneRateLimit
    /// Phone streams on the pages' own server (512 connections) and on the plain-HTTP port.
    let pageStreams = PhoneStreams(limit: WebConsole.maxConnections * 3 / 4)
    let plainStreams = PhoneStreams(limit: 2_000)
    let logger: Logger
    /// The most a form post may carry.
    static let maxBody = 64 * 1024

    init(coordinator: Coordinator, logger: Logger, sessionIdleLimit: TimeInterval = 12 * 3600, phoneLimit: PhoneRateLimit) {
        self.coordinator = coordinator
        self.phoneLimit = phoneLimit
        self.logger = logger
        self.sessions = SessionStore(idleLimit: sessionIdleLimit)
        self.live = LiveHall(coordinator: coordinator)
    }

    public convenience init(coordinator: Coordinator, logger: Logger, sessionIdleLimit: TimeInterval = 12 * 3600) {
        self.init(coordinator: coordinator, logger: logger, sessionIdleLimit: sessionIdleLimit, phoneLimit: PhoneRateLimit())
    }

    var config: HallConfig { coordinator.hallConfig }
    var zone: TimeZone { TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)! }

    /// Every route. A handler never throws out: problems become a page or a JSON message.
    public func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        router.get("/") { request, _ in self.home(request) }
        router.get("/static/app.css") { _, _ in Assets.response(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/static/app.js") { _, _ in Assets.response(Assets.js, type: "text/javascript; charset=utf-8") }
        router.get("/login") { request, _ in self.loginPage(request, message: Self.loginMessage(request)) }
        router.post("/login/pin") { request, context in await self.guarded { try await self.signInWithPin(request, context) } }
        router.post("/login/key") { request, _ in await self.guarded { try await self.signInWithKey(request) } }
        router.post("/logout") { request, _ in await self.guarded { try await self.signOut(request) } }
        router.get("/session") { request, _ in self.sessionCheck(request) }
        router.get("/counter") { request, _ in await self.guarded { try await self.consolePage(request) } }
        router.post("/counter/action") { request, _ in await self.guarded { try await self.counterAction(request) } }
        router.get("/manager") { request, _ in await self.guarded { try await self.dashboardPage(request) } }
        router.get("/manager/reports") { request, _ in await self.guarded { try await self.reportsPage(request) } }
        router.get("/manager/report") { request, _ in await self.guarded { try await self.reportFile(request) } }
        router.get("/manager/devices") { request, _ in await self.guarded { try await self.devicesPage(request) } }
        router.get("/manager/appointments") { request, _ in await self.guarded { try await self.appointmentsPage(request) } }
        router.post("/manager/appointments/capacity") { request, _ in await self.guarded { try await self.setAppointmentCapacity(request) } }
        router.post("/manager/appointments/book") { request, _ in await self.guarded { try await self.bookAppointment(request) } }
        router.post("/manager/appointments/cancel") { request, _ in await self.guarded { try await self.cancelAppointment(request) } }
        router.post("/manager/devices/add") { request, _ in await self.guarded { try await self.addDevice(request) } }
        router.post("/manager/devices/revoke") { request, _ in await self.guarded { try await self.revokeDevice(request) } }
        router.post("/manager/pins/add") { request, _ in await self.guarded { try await self.addPin(request) } }
        router.post("/manager/pins/revoke") { request, _ in await self.guarded { try await self.revokePin(request) } }
        router.get("/events") { request, _ in await self.guarded { try await self.events(request) } }
        Self.addPhoneRoutes(router, self, streams: pageStreams)
        // For a monitoring probe: no session needed, and it says nothing about the hall's tickets.
        router.get("/health") { _, _ in self.healthResponse() }
        // For the IT department's Prometheus: counts and queue lengths only, no names or numbers.
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: self.coordinator.metricsText())))
        }
        return router
    }

    /// The citizen's phone pages: on the HTTPS router and on the plain-HTTP port too, where the
    /// phone does not meet the box's own certificate.
    static func addPhoneRoutes<Router: RouterMethods>(_ router: Router, _ console: WebConsole, streams: PhoneStreams) where Router.Context == WebContext {
        router.get("/static/phone.css") { _, _ in Assets.response(PhoneAssets.css, type: "text/css; charset=utf-8") }
        router.get("/static/phone.js") { _, _ in Assets.response(PhoneAssets.js, type: "text/javascript; charset=utf-8") }
        router.get("/t/{token}") { request, context in
            await console.phonePage(request, context, token: context.parameters.get("token") ?? "")
        }
        router.get("/t/{token}/events") { request, context in
            await console.phoneEvents(request, context, token: context.parameters.get("token") ?? "", streams: streams)
        }
        router.post("/t/{token}/rating") { request, context in
            await console.phoneRating(request, context, token: context.parameters.get("token") ?? "")
        }
    }

    /// The services that serve the pages, in start order: the web server (Hummingbird on
    /// `host:port`, over TLS with `certificate`; `onListening` gets the bound port, 0 picks a
    /// free one), then the live hall that feeds them. List them after the coordinator: a service
    /// group stops services in reverse order, so the live hall ends every open event stream
    /// first, then the server stops with no request left hanging, then the coordinator commits
    /// what was queued.
    public func services(host: String, port: Int, certificate: WebCertificate? = nil,
                         onListening: (@Sendable (Int) -> Void)? = nil) throws -> [any ServiceLifecycle.Service] {
        let app = Application(router: router(), server: try Self.server(certificate),
                              configuration: Self.configuration(host: host, port: port),
                              onServerRunning: { channel in onListening?(channel.localAddress?.port ?? port) },
                              logger: logger)
        return [app, live]
    }

    /// A plain-HTTP server on `host:port` that sends every request to the same path on the
    /// HTTPS port (308: a form post stays a post), so a typed address or an old bookmark lands
    /// on the encrypted pages. It serves only the citizens' phone pages itself.
    public func redirectService(host: String, port: Int, httpsPort: @escaping @Sendable () -> Int?,
                                onListening: (@Sendable (Int) -> Void)? = nil) -> any ServiceLifecycle.Service {
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeaders())
        Self.addPhoneRoutes(router, self, streams: plainStreams)
        // Added after the phone routes, so it answers only what they do not.
        router.add(middleware: RedirectToHTTPS(httpsPort: httpsPort))
        return Application(router: router, server: .http1(configuration: .init(idleTimeout: Self.idleTimeout)),
                           configuration: Self.configuration(host: host, port: port, maxConnections: Self.phoneConnections),
                           onServerRunning: { channel in onListening?(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    static func redirect(_ request: Request, httpsPort: Int?) -> Response {
        guard let httpsPort else { return Response(status: .serviceUnavailable) }
        // The host the browser asked for, without its port; an address that is not a host name
        // or an IP (no Host header, or a strange one) goes to this box's loopback name instead.
        let asked = request.head.authority ?? ""
        var host = asked.hasPrefix("[") ? String(asked.prefix { $0 != "]" }) + "]" : String(asked.prefix { $0 != ":" })
        if host.isEmpty || !host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }) { host = "localhost" }
        let path = request.uri.path.hasPrefix("/") ? request.uri.description : "/"
        return Response(status: .permanentRedirect, headers: [.location: "https://\(host):\(httpsPort)\(path)", .contentLength: "0"])
    }

    /// On the plain-HTTP port: everything but the phone pages goes to HTTPS.
    struct RedirectToHTTPS: RouterMiddleware {
        typealias Context = WebContext
        let httpsPort: @Sendable () -> Int?

        func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
            WebConsole.redirect(request, httpsPort: httpsPort())
        }
    }

    public static let idleTimeout = TimeAmount.seconds(15)
    public static let maxConnections = 512
    /// The plain-HTTP port also carries the citizens' phones: their streams (at most 2,000) and
    /// page loads.
    public static let phoneConnections = 2_560

    /// HTTP/1.1, over TLS when there is a certificate. A connection idle (no request in progress,
    /// or headers, or a TLS handshake never finished) for 15 s is closed.
    static func server(_ certificate: WebCertificate?) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: Self.idleTimeout))
        guard let certificate else { return http1 }
        return try .tls(http1, tlsConfiguration: certificate.serverConfiguration())
    }

    /// At most 512 connections are held (2,560 on the plain-HTTP port, for phones): half-sent
    /// requests cannot take the coordinator's descriptors.
    static func configuration(host: String, port: Int, maxConnections: Int = maxConnections) -> ApplicationConfiguration {
        .init(address: .hostname(host, port: port), serverName: nil,
              availableConnectionsDelegate: MaximumAvailableConnections(maxConnections))
    }

    /// After a wrong PIN: until every wrong PIN is forgiven, tells the open dashboards to draw
    /// themselves again each time one is (the count drops, a pause ends), so an alert never
    /// outlives its cause. One task at a time; it ends with the last alert.
    func watchPinAlerts() {
        guard watchingPinAlerts.withLockedValue({ running in defer { running = true }; return !running }) else { return }
        Task {
            while true {
                let next = guesses.withLockedValue { budget -> TimeInterval? in
                    let next = budget.nextChange(now: Date())
                    if next == nil { watchingPinAlerts.withLockedValue { $0 = false } }
                    return next
                }
                guard let next else { return }
                try? await Task.sleep(for: .seconds(next + 0.05))
                live.redraw()
            }
        }
    }

    /// 200 "ok" while the writer takes its ticks and the database its commits, else 503 with what
    /// is wrong, as plain text.
    func healthResponse() -> Response {
        let report = coordinator.health.report()
        return Response(status: report.healthy ? .ok : .serviceUnavailable,
                        headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: report.message + "\n")))
    }

    /// Runs `body`, turning anything it throws into a page with a message instead of a bare 500.
    func guarded(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch let error as QueueError {
            return Self.errorPage(Texts.refusal(error), status: .badRequest)
        } catch {
            logger.warning("web request failed", metadata: ["error": "\(error)"])
            return Self.errorPage(.error("Có lỗi khi xử lý yêu cầu; hãy thử lại.", "The request could not be handled (\(error)); try again."), status: .badRequest)
        }
    }

    static func loginMessage(_ request: Request) -> WebMessage? {
        let query = Form(urlEncoded: request.uri.query ?? "")
        if query["expired"] != nil { return Texts.refusal(QueueError(.sessionExpired, "Your session has ended; sign in again.")) }
        if query["out"] != nil { return .ok("Đã đăng xuất.", "Signed out.") }
        return nil
    }
}

/// The request context: Hummingbird's, plus the peer's address for the sign-in throttle.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let peer: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
