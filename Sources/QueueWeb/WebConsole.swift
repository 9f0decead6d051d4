import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueServer
import QueueWire
import ServiceLifecycle

/// The clerk console and the manager dashboard, served over HTTP by the coordinator's own
/// process. Every change a page asks for goes through `Coordinator.perform` (or `change`, for
/// clerk PINs): the same writer, request-id and role checks as a TCP device.
public final class WebConsole: Sendable {
    let coordinator: Coordinator
    let sessions: SessionStore
    let throttle = LoginThrottle()
    /// Wrong PINs per counter from all addresses together (30 an hour at most).
    let guesses = NIOLockedValueBox(PinGuessBudget())
    let live: LiveHall
    let logger: Logger
    /// The most a form post may carry.
    static let maxBody = 64 * 1024

    public init(coordinator: Coordinator, logger: Logger, sessionIdleLimit: TimeInterval = 12 * 3600) {
        self.coordinator = coordinator
        self.logger = logger
        self.sessions = SessionStore(idleLimit: sessionIdleLimit)
        self.live = LiveHall(coordinator: coordinator)
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
        router.post("/manager/devices/add") { request, _ in await self.guarded { try await self.addDevice(request) } }
        router.post("/manager/devices/revoke") { request, _ in await self.guarded { try await self.revokeDevice(request) } }
        router.post("/manager/pins/add") { request, _ in await self.guarded { try await self.addPin(request) } }
        router.post("/manager/pins/revoke") { request, _ in await self.guarded { try await self.revokePin(request) } }
        router.get("/events") { request, _ in await self.guarded { try await self.events(request) } }
        return router
    }

    public static let idleTimeout = TimeAmount.seconds(15)
    public static let maxConnections = 512

    /// The services that serve the pages, in start order: the HTTP server (Hummingbird on
    /// `host:port`; `onListening` gets the bound port, 0 picks a free one), then the live hall
    /// that feeds them. List them after the coordinator: a service group stops services in
    /// reverse order, so the live hall ends every open event stream first, then the server
    /// stops with no request left hanging, then the coordinator commits what was queued.
    public func services(host: String, port: Int, onListening: (@Sendable (Int) -> Void)? = nil) -> [any ServiceLifecycle.Service] {
        // A connection idle (no request in progress, or headers never finished) for 15 s is closed,
        // and at most 512 are held: half-sent requests cannot take the coordinator's descriptors.
        let app = Application(router: router(),
                              server: .http1(configuration: .init(idleTimeout: Self.idleTimeout)),
                              configuration: .init(address: .hostname(host, port: port), serverName: nil,
                                                   availableConnectionsDelegate: MaximumAvailableConnections(Self.maxConnections)),
                              onServerRunning: { channel in onListening?(channel.localAddress?.port ?? port) },
                              logger: logger)
        return [app, live]
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
