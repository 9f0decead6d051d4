import CityStore
import CityWire
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOConcurrencyHelpers
import NIOCore
import Logging
import QueueCore
import WebTLS

/// queue-city's HTTPS side: each hall asks what the city holds of it and pushes its next events
/// (`CityPaths.events`), signed with its own key (`CityAuth`); the city's viewers open its
/// dashboard (`/city`). Stateless: several instances may serve one database.
public struct CityServer: Sendable {
    public let database: CityDatabase
    public let logger: Logger
    /// What `/metrics` shows; the summariser counts there too.
    public let metrics = CityMetrics()
    /// The largest batch accepted. A hall sends at most 2,000 events a batch (~1 MB).
    public static let maxBody = 4 << 20

    public init(database: CityDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/halls/:hall/events") { request, context in
            await answer { try await self.ack(request, hall: context.parameters.get("hall") ?? "") }
        }
        router.get("/v1/halls/:hall/events/:seq/digest") { request, context in
            await answer { try await self.digest(request, hall: context.parameters.get("hall") ?? "", seq: context.parameters.get("seq") ?? "") }
        }
        router.post("/v1/halls/:hall/events") { request, context in
            // Each batch counted once, by how it was answered (`/metrics`).
            let response = await answer { try await self.push(request, hall: context.parameters.get("hall") ?? "") }
            switch response.status {
            case .ok: break  // counted as stored, with its events, by `push`
            case .conflict: metrics.batch("gap")
            case .unauthorized: metrics.batch("unauthorized")
            case .serviceUnavailable: metrics.batch("unavailable")
            default: metrics.batch("refused")
            }
            return response
        }
        router.get("/city") { request, _ in await self.dashboard(request, html: true) }
        router.get("/v1/city/now") { request, _ in await self.dashboard(request, html: false) }
        router.get("/v1/city/report") { request, _ in await self.report(request) }
        router.get("/health") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        // For the city's Prometheus: counts only, no hall's figures.
        router.get("/metrics") { _, _ in
            let halls = try? await self.withDatabase { try await $0.halls() }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: self.metrics.text(halls: halls))))
        }
        return router
    }

    /// The application on `host:port` over TLS with `certificate` (plain HTTP without one, for a
    /// TLS proxy in front on the same box); `onListening` gets the bound port (0 picks a free one).
    public func application(host: String, port: Int, certificate: WebCertificate?,
                            onListening: (@Sendable (Int) -> Void)? = nil) throws -> some ApplicationProtocol {
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(60)))
        return Application(router: router(), server: try certificate.map { try .tls(http1, tlsConfiguration: $0.serverConfiguration()) } ?? http1,
                           configuration: .init(address: .hostname(host, port: port), serverName: nil),
                           onServerRunning: { channel in onListening?(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    func ack(_ request: Request, hall: String) async throws -> Response {
        try await authenticate(request, hall: hall, body: Data())
        guard let ack = try await withDatabase({ try await $0.ack(hall) }) else { throw Unauthorized() }
        return try Self.json(ack)
    }

    /// What the city holds as the hall's event `seq`, for the hall to check that they agree.
    func digest(_ request: Request, hall: String, seq: String) async throws -> Response {
        try await authenticate(request, hall: hall, body: Data())
        guard let n = Int64(seq), n > 0 else { return Self.text("\(seq) is not an event's sequence number.\n", status: .badRequest) }
        return try Self.json(try await withDatabase { try await $0.digest(hall: hall, seq: n) })
    }

    func push(_ request: Request, hall: String) async throws -> Response {
        // Nothing is read from a request that names no hall or carries no signature.
        guard CityAuth.isHallCode(hall), request.headers[HTTPField.Name(CityAuth.header)!] != nil else { throw Unauthorized() }
        var request = request
        let body: Data
        do { body = Data(buffer: try await request.collectBody(upTo: Self.maxBody)) } catch {
            return Self.text("A batch is at most \(Self.maxBody >> 20) MiB; send fewer events at a time.\n", status: .contentTooLarge)
        }
        try await authenticate(request, hall: hall, body: body)
        let batch: CityBatch
        let bodies: [String]?
        do { (batch, bodies) = try CityBatch.decode(body) } catch {
            return Self.text("The body is not a batch of events (\(error)).\n", status: .badRequest)
        }
        guard batch.hall == hall else {
            return Self.text("A hall can send only its own events: the batch names \(batch.hall), the key is \(hall)'s.\n", status: .forbidden)
        }
        let ack: CityAck, stored: Int
        let started = ContinuousClock.now
        do { (ack, stored) = try await withDatabase { try await $0.ingestCounting(batch, bodies: bodies) } } catch CityIngestError.gap {
            // The hall sent from further on than the city holds: it sends again from here.
            guard let held = try await withDatabase({ try await $0.ack(hall) }) else { throw CityIngestError.unknownHall(hall) }
            return try Self.json(held, status: .conflict)
        }
        metrics.batch("stored", events: stored, took: ContinuousClock.now - started)
        logger.debug("stored", metadata: ["hall": "\(hall)", "events": "\(batch.events.count)", "acked": "\(ack.acked)"])
        return try Self.json(ack)
    }

    /// The request must carry the hall's signature over its method, path and body.
    func authenticate(_ request: Request, hall: String, body: Data) async throws {
        guard CityAuth.isHallCode(hall), let signature = request.headers[HTTPField.Name(CityAuth.header)!],
              let key = try await withDatabase({ try await $0.hallKey(hall) }),
              CityAuth.isValid(signature, key: key, method: request.method.rawValue, path: request.uri.path, body: body) else {
            throw Unauthorized()
        }
    }

    struct Unauthorized: Error {}

    /// How long a request may wait for the database before it is answered 503 (the hall sends
    /// again): a database that stopped answering must not hold requests, or a stop, for ever.
    /// Only the database calls count; reading the hall's upload does not.
    public static let databaseDeadline: Duration = .seconds(20)

    /// `operation` on the database, within `databaseDeadline`.
    func withDatabase<T: Sendable>(_ operation: @escaping @Sendable (CityDatabase) async throws -> T) async throws -> T {
        let database = self.database
        return try await Self.within(Self.databaseDeadline) { try await operation(database) }
    }

    /// The response for what `body` returns or throws: a refusal says what to do next.
    func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch is Unauthorized {
            return Self.text("Not signed by a hall the city knows: check the hall's key file (from `queue-city hall add`) and its code.\n", status: .unauthorized)
        } catch let error as CityIngestError {
            return Self.text(error.description + "\n", status: .unprocessableContent)
        } catch let error as QueueError where error.code == .badData {
            // The database refused the batch itself: sending it again will not help; the log says why.
            logger.error("a batch was refused", metadata: ["error": "\(error.message)"])
            return Self.text(error.message + "\n", status: .unprocessableContent)
        } catch {
            logger.error("request failed", metadata: ["error": "\(error)"])
            return Self.text("The city's database is not available now; the hall will send again.\n", status: .serviceUnavailable)
        }
    }

    /// `body`'s result, or a timeout error after `limit`, or `CancellationError` when the caller
    /// is cancelled (a server stopping), whichever comes first. A body that does not end when
    /// cancelled (a database call waiting on a connection that died with its server) is left to
    /// end on its own: a task group would wait for it, and so would the answer.
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let answered = NIOLockedValueBox(false)
        let tasks = NIOLockedValueBox<(work: Task<Void, Never>?, timer: Task<Void, Never>?)>((nil, nil))
        let stop: @Sendable () -> Void = { tasks.withLockedValue { $0.work?.cancel(); $0.timer?.cancel() } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let first: @Sendable (Result<T, any Error>) -> Void = { result in
                    if answered.withLockedValue({ done in defer { done = true }; return !done }) { continuation.resume(with: result) }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    first(.failure(QueueError(.timeout, "no answer from the database within \(limit)")))
                    stop()
                }
                let work = Task {
                    do { first(.success(try await body())) } catch { first(.failure(error)) }
                    stop()
                }
                tasks.withLockedValue { $0 = (work, timer) }
                if answered.withLockedValue({ $0 }) { stop() }
                if Task.isCancelled { first(.failure(CancellationError())); stop() }
            }
        } onCancel: {
            // The continuation is resumed by whichever comes first; this makes it come now.
            tasks.withLockedValue { $0.timer?.cancel() }
            stop()
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }

    static func text(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
