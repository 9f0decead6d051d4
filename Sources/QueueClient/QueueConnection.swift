import DeviceKeys
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import QueueCore
import QueueWire

/// One authenticated connection to the coordinator: requests with replies matched by id, and
/// pushed frames (snapshot, events) handed to `onPush` in arrival order, on the connection's thread.
public final class QueueConnection: @unchecked Sendable { // unchecked: immutable after connect except `nextId`, a lock; a Channel is thread-safe
    public let device: String
    public let role: Role
    public let counter: Int?
    public let hall: String
    /// The hall's time zone, from hello.
    public let timeZone: TimeZone
    let channel: Channel
    let handler: ClientHandler
    private let nextId = NIOLockedValueBox<Int64>(0)

    public static let pingInterval = TimeAmount.seconds(20)
    /// With nothing heard for this long, the connection is taken as dead and closed.
    public static let silenceLimit = TimeAmount.seconds(45)

    init(channel: Channel, handler: ClientHandler, welcome: ClientSession.Welcome) {
        self.timeZone = TimeZone(identifier: welcome.timeZone) ?? .current
        self.channel = channel
        self.handler = handler
        self.device = welcome.device
        self.role = welcome.role
        self.counter = welcome.counter
        self.hall = welcome.hall
    }

    /// Connects, proves `key` by challenge and response, and checks the coordinator's proof.
    public static func connect(to address: CoordinatorAddress, key: KeyFile,
                               timeout: TimeAmount = .seconds(5),
                               onPush: (@Sendable (Push) -> Void)? = nil) async throws -> QueueConnection {
        guard let secret = key.keyData else { throw QueueError(.keyFile, "The key file for \(key.device) holds no valid key.") }
        let group = MultiThreadedEventLoopGroup.singleton
        let ready = group.next().makePromise(of: ClientSession.Welcome.self)
        let handler = ClientHandler(device: key.device, key: secret, ready: ready, onPush: onPush)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            // The coordinator answers every 20 s ping: silence means a dead link
                            // (a pulled cable leaves TCP "up" for many minutes).
                            IdleStateHandler(readTimeout: QueueConnection.silenceLimit),
                            ByteToMessageHandler(FrameDecoder(maxLength: FrameLimits.fromServer)),
                            MessageToByteHandler(FrameEncoder()),
                            handler,
                        ])
                    }
                }
                .connect(host: address.host, port: address.port).get()
        } catch {
            let unreachable = QueueError(.unreachable, "cannot reach the coordinator at \(address): \(Self.reason(error))")
            ready.fail(unreachable) // never left pending: NIO traps on a dropped promise in debug builds
            throw unreachable
        }
        // The timer runs on the channel's loop, where the handshake completes, and looks whether it
        // did: cancelling it from here could come too late (this task may resume after the
        // deadline on a busy machine) and close a connection that was already handed out.
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            guard !handler.handshakeDone else { return }
            ready.fail(QueueError(.timeout, "The coordinator at \(address) did not finish the handshake in time."))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let connection = QueueConnection(channel: channel, handler: handler, welcome: try await ready.futureResult.get())
        channel.eventLoop.scheduleRepeatedTask(initialDelay: pingInterval, delay: pingInterval) { task in
            guard channel.isActive else { task.cancel(); return }
            connection.ping()
        }
        return connection
    }

    /// Sends a ping, unless one is still unanswered; its answer times the link (`lag`).
    public func ping() {
        guard handler.pingSent(at: .now()) else { return }
        channel.writeAndFlush(ClientHandler.encode(.ping), promise: nil)
    }

    /// How far behind the link is, in seconds: the age of the unanswered ping, else the last
    /// ping's round trip (0 before any). A board says so when it grows (a lossy or slow link
    /// delays everything it is shown).
    public var lag: TimeInterval {
        let (sentAt, last) = handler.probe.withLockedValue { ($0.sentAt, $0.lastRoundTrip) }
        let waiting = sentAt.map { NIODeadline.now() - $0 } ?? .zero
        return Double(max(waiting, last ?? .zero).nanoseconds) / 1e9
    }

    /// A short reason for a failed connect: "connection refused" rather than NIO's whole description.
    static func reason(_ error: Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if error is ChannelError, "\(error)".contains("connectTimeout") { return "no answer (timed out)" }
        if let many = error as? NIOConnectionError {
            if let first = many.connectionErrors.first { return reason(first.error) }
            if many.dnsAAAAError != nil || many.dnsAError != nil { return "the host name could not be resolved" }
        }
        return "\(error)"
    }

    /// Sends a request and waits for its reply. A refusal throws the coordinator's `QueueError`.
    /// Give changes a `requestId`; reuse it when retrying so the change happens once. A change with
    /// a `deadline` (hall time) that reaches the coordinator's writer later is refused as `expired`.
    public func send(_ request: Request, requestId: String? = nil, deadline: Date? = nil) async throws -> Reply {
        let id = nextId.withLockedValue { $0 += 1; return $0 }
        let message = ClientMessage.request(id: id, requestId: requestId ?? (request.isMutating ? UUID().uuidString : nil), deadline: deadline, request)
        let promise = channel.eventLoop.makePromise(of: Result<Reply, QueueError>.self)
        handler.expect(id: id, promise: promise, channel: channel)
        channel.writeAndFlush(ClientHandler.encode(message), promise: nil)
        return try await promise.futureResult.get().get()
    }

    /// Completes when the connection is gone, with the reason the coordinator gave, if any.
    public var closed: EventLoopFuture<Void> { channel.closeFuture }
    public var closeReason: QueueError? { handler.closeReason.withLockedValue { $0 } }

    public func close() async {
        try? await channel.close()
    }
}

/// The client's side of the protocol on the channel: answers hello, checks welcome, routes replies.
final class ClientHandler: ChannelInboundHandler, @unchecked Sendable { // unchecked: NIO handler: its state is touched only on its channel's event loop; `closeReason` is a lock
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var session: ClientSession
    /// Read on the channel's event loop only.
    var handshakeDone: Bool { session.state == .ready }
    private var ready: EventLoopPromise<ClientSession.Welcome>?
    private let onPush: (@Sendable (Push) -> Void)?
    private var pending: [Int64: EventLoopPromise<Result<Reply, QueueError>>] = [:]
    private let decoder = WireJSON.decoder()
    let closeReason = NIOLockedValueBox<QueueError?>(nil)
    /// The unanswered ping's time, and the last round trip.
    let probe = NIOLockedValueBox<(sentAt: NIODeadline?, lastRoundTrip: TimeAmount?)>((nil, nil))

    /// Notes a ping sent now; false (send none) while one is unanswered.
    func pingSent(at now: NIODeadline) -> Bool {
        probe.withLockedValue { p in
            guard p.sentAt == nil else { return false }
            p.sentAt = now
            return true
        }
    }

    init(device: String, key: Data, ready: EventLoopPromise<ClientSession.Welcome>, onPush: (@Sendable (Push) -> Void)?) {
        session = ClientSession(device: device, key: key)
        self.ready = ready
        self.onPush = onPush
    }

    static func encode(_ message: ClientMessage) -> ByteBuffer {
        let data = (try? WireJSON.encoder().encode(message)) ?? Data()
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return buffer
    }

    func expect(id: Int64, promise: EventLoopPromise<Result<Reply, QueueError>>, channel: Channel) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else {
                promise.fail(closeReason.withLockedValue { $0 } ?? Self.lost)
                return
            }
            pending[id] = promise
        }
    }

    static let lost = QueueError(.connectionLost, "The connection to the coordinator was lost before it answered; retry with the same request id.")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let body = unwrapInboundIn(data)
        guard let message = try? ServerMessage.read(Data(body.readableBytesView), decoder: decoder) else {
            fail(context, QueueError(.badFrame, "The coordinator sent a frame this client cannot read; are both the same version?"))
            return
        }
        if case .pong = message {
            probe.withLockedValue { p in
                if let sent = p.sentAt { p.lastRoundTrip = .now() - sent }
                p.sentAt = nil
            }
        }
        switch session.received(message) {
        case .send(let auth):
            context.writeAndFlush(wrapOutboundOut(Self.encode(auth)), promise: nil)
        case .ready(let welcome):
            ready?.succeed(welcome)
            ready = nil
        case .answer(let id, let outcome):
            pending.removeValue(forKey: id)?.succeed(outcome)
        case .push(let push):
            onPush?(push)
        case .fail(let error):
            fail(context, error)
        case .ignore:
            break
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ error: QueueError) {
        closeReason.withLockedValue { $0 = $0 ?? error }
        ready?.fail(error)
        ready = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason.withLockedValue { $0 } ?? Self.lost
        ready?.fail(reason)
        ready = nil
        for promise in pending.values { promise.fail(reason) }
        pending = [:]
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context, (error as? QueueError) ?? QueueError(.connectionLost, "Connection error: \(error)."))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            fail(context, QueueError(.connectionLost, "Nothing heard from the coordinator for 45 s; the link is taken as dead."))
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
