import DeviceKeys
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueWire

/// A device's copy of the hall state, kept true by the event stream. It takes a snapshot, then
/// applies every event in sequence; after a disconnect it reconnects by itself and resumes from
/// its last sequence number. A gap in the sequence is never skipped: it drops the connection and
/// asks for a fresh snapshot.
public final class HallMirror: @unchecked Sendable { // unchecked: its mutable state is all in `box`, a lock
    public enum Update: Sendable {
        /// A fresh snapshot, with the hall's time when it was taken (the coordinator may run a virtual clock).
        case snapshot(HallState, now: Date?)
        case event(Event, HallState)
        case connection(Bool, reason: String?)
        /// The link is up but slow: what arrives may be seconds behind (`true` once the lag passes
        /// `slowAfter`, `false` when it is under `fastAgain` again). A new connection starts fast.
        case slow(Bool)
    }

    /// How often the link is timed while connected, and when it counts as slow and fast again.
    public static let lagCheck = Duration.seconds(2)
    public static let slowAfter: TimeInterval = 4
    public static let fastAgain: TimeInterval = 1.5

    private let locate: @Sendable () async throws -> CoordinatorAddress
    private let key: KeyFile
    private let onUpdate: @Sendable (Update) -> Void
    private struct Box {
        var state: HallState?
        var needsSnapshot = false
        var gaps = 0
        var connection: QueueConnection?
    }

    private let box = NIOLockedValueBox(Box())
    private let log: @Sendable (_ line: String, _ problem: Bool) -> Void

    /// `log` gets a line when the link is lost, when it is back, and at most once a minute between;
    /// `problem` is false for "back".
    public init(key: KeyFile, locate: @escaping @Sendable () async throws -> CoordinatorAddress,
                log: @escaping @Sendable (_ line: String, _ problem: Bool) -> Void = { _, _ in },
                onUpdate: @escaping @Sendable (Update) -> Void) {
        self.key = key
        self.locate = locate
        self.log = log
        self.onUpdate = onUpdate
    }

    public var state: HallState? { box.withLockedValue { $0.state } }
    /// How many gaps were detected (each one answered with a fresh snapshot).
    public var gapsDetected: Int { box.withLockedValue { $0.gaps } }

    /// Sends a request on the mirror's own connection (a kiosk issues on the connection it
    /// listens on). Throws `connection-lost` while disconnected; retry with the same request id.
    public func send(_ request: Request, requestId: String?, deadline: Date? = nil) async throws -> Reply {
        guard let connection = box.withLockedValue({ $0.connection }), connection.channel.isActive else {
            throw QueueError(.connectionLost, "Not connected to the coordinator; the request will be sent again when it is back.")
        }
        return try await connection.send(request, requestId: requestId, deadline: deadline)
    }

    /// Runs until the task is cancelled, reconnecting with `Backoff` after every failure.
    public func run() async {
        var backoff = Backoff()
        var links = LinkLog()
        while !Task.isCancelled {
            var reason: String?
            do {
                let address = try await locate()
                let connection = try await QueueConnection.connect(to: address, key: key) { [weak self] push in
                    self?.receive(push)
                }
                let since = box.withLockedValue { box -> Int64? in
                    box.connection = connection
                    defer { box.needsSnapshot = false }
                    return box.needsSnapshot ? nil : box.state?.seq
                }
                _ = try await connection.send(.subscribe(since: since))
                backoff.succeeded()
                if let line = links.connected(now: Date()) { log(line, false) }
                onUpdate(.connection(true, reason: nil))
                let timing = Task { [onUpdate] in await Self.time(connection, onUpdate) }
                await withTaskCancellationHandler {
                    try? await connection.closed.get()
                } onCancel: {
                    connection.channel.close(promise: nil)
                }
                timing.cancel()
                await timing.value
                reason = connection.closeReason?.message ?? "the connection closed"
            } catch let error as QueueError {
                reason = error.message
            } catch {
                reason = "\(error)"
            }
            guard !Task.isCancelled else { return }
            if let reason, let line = links.failed(reason, now: Date()) { log(line, true) }
            onUpdate(.connection(false, reason: reason))
            try? await Task.sleep(for: backoff.next())
        }
    }

    /// Pings the coordinator every `lagCheck` and says when the link turns slow or fast again.
    static func time(_ connection: QueueConnection, _ onUpdate: @Sendable (Update) -> Void) async {
        var slow = false
        while !Task.isCancelled {
            try? await Task.sleep(for: lagCheck)
            guard !Task.isCancelled else { return }
            connection.ping()
            let lag = connection.lag
            if !slow, lag > slowAfter {
                slow = true
                onUpdate(.slow(true))
            } else if slow, lag < fastAgain {
                slow = false
                onUpdate(.slow(false))
            }
        }
    }

    /// Applies one pushed snapshot or event; called in arrival order.
    func receive(_ push: Push) {
        let event: Event
        switch push {
        case .snapshot(let state, let now):
            box.withLockedValue { $0.state = state }
            onUpdate(.snapshot(state, now: now))
            return
        case .event(let e):
            event = e
        }
        let result: HallState?? = box.withLockedValue { box in
            guard var state = box.state else { return .some(nil) }
            if event.seq <= state.seq { return nil } // already have it
            guard event.seq == state.seq + 1 else {
                box.gaps += 1
                box.needsSnapshot = true
                return .some(nil)
            }
            state.apply(event)
            box.state = state
            return .some(state)
        }
        switch result {
        case .some(.some(let state)): onUpdate(.event(event, state))
        case .some(.none):
            // A gap (or events before any snapshot): reconnect for a fresh snapshot.
            let connection = box.withLockedValue { box -> QueueConnection? in
                box.needsSnapshot = true
                return box.connection
            }
            connection?.channel.close(promise: nil)
        case .none: break
        }
    }
}
