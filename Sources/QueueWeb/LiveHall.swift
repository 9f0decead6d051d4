import Foundation
import NIOConcurrencyHelpers
import QueueCore
import QueueServer
import QueueWire
import ServiceLifecycle

/// The web console's copy of the hall: the coordinator's committed state, applied event by event
/// with `HallState.apply` exactly as a board's mirror is, plus every ticket row of the current
/// day (done ones too) for today's counts. Pages render from it; each open event stream is told
/// when it changed. One copy serves every browser.
final class LiveHall: ServiceLifecycle.Service, Sendable {
    struct View: Sendable {
        var state: HallState
        /// The coordinator's clock at the last commit.
        var now: Date
        /// When that was, on this machine's clock.
        var seenAt: Date
        var today: [Int64: Ticket]
        /// When each of today's cancelled tickets was cancelled (ticket id → ms): a citizen who gave
        /// up waited until then, not until now.
        var cancelledAt: [Int64: Int64] = [:]
        /// When each paused counter paused (counter → ms), for "paused since".
        var pausedAt: [Int: Int64] = [:]
    }

    /// What an event stream is told: the hall changed, or it is time for a keep-alive.
    enum Signal: Sendable { case changed, heartbeat }

    private let updates: @Sendable () -> AsyncStream<HallUpdate>
    private let virtualClock: Bool
    private let current = NIOLockedValueBox<View?>(nil)
    private let listeners = NIOLockedValueBox<[UUID: AsyncStream<Signal>.Continuation]>([:])
    private let stopped = NIOLockedValueBox(false)

    init(virtualClock: Bool, updates: @escaping @Sendable () -> AsyncStream<HallUpdate>) {
        self.virtualClock = virtualClock
        self.updates = updates
    }

    convenience init(coordinator: Coordinator) {
        self.init(virtualClock: coordinator.clockIsVirtual, updates: { coordinator.watch() })
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await update in self.updates() { self.apply(update) }
        }
        stop()
    }

    /// Ends every event stream (graceful shutdown), so no open page holds the server up.
    func stop() {
        stopped.withLockedValue { $0 = true }
        for listener in listeners.withLockedValue({ Array($0.values) }) { listener.finish() }
    }

    func apply(_ update: HallUpdate) {
        var changed = false
        current.withLockedValue { view in
            switch update {
            case .snapshot(let state, let now, let today, let cancelledAt, let pausedAt):
                view = View(state: state, now: now, seenAt: Date(), today: Dictionary(uniqueKeysWithValues: today.map { ($0.id, $0) }),
                            cancelledAt: cancelledAt, pausedAt: pausedAt)
                changed = true
            case .committed(let events, let now):
                guard var v = view else { return }
                for event in events {
                    v.state.apply(event)
                    if event.kind == .dayOpened { v.today = [:]; v.cancelledAt = [:] }
                    if event.kind == .cancelled, let id = event.ticket?.id { v.cancelledAt[id] = event.at.milliseconds }
                    if let counter = event.counter?.number {
                        if event.kind == .paused { v.pausedAt[counter] = event.at.milliseconds } else if event.counter?.status != .paused { v.pausedAt[counter] = nil }
                    }
                    if let ticket = event.ticket, ticket.day == v.state.day { v.today[ticket.id] = ticket }
                }
                v.now = now
                v.seenAt = Date()
                view = v
                changed = !events.isEmpty
            }
        }
        if changed { redraw() }
    }

    /// Tells every open page to draw its live part again: after a commit, or after something the
    /// hall state does not hold changed what a page shows (a wrong PIN on the dashboard).
    func redraw() {
        for listener in listeners.withLockedValue({ Array($0.values) }) { listener.yield(.changed) }
    }

    /// Waits (up to `timeout`) until the live view holds what a change just committed: a page drawn
    /// right after a change made through the web (a sign-in, a button) shows it, not the moment
    /// before. The writer tells this view of each commit just after it answers the change.
    func caughtUp(with reply: Result<Reply, QueueError>, timeout: Duration = .seconds(1)) async {
        guard case .success(let r) = reply, let seq = r.events.last?.seq else { return }
        let deadline = ContinuousClock.now + timeout
        while (current.withLockedValue { $0?.state.seq } ?? 0) < seq, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The hall now, waiting up to `timeout` for the first snapshot; nil if it never came.
    func view(timeout: Duration = .seconds(5)) async -> View? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if var v = current.withLockedValue({ $0 }) {
                if !virtualClock { v.now = v.now + Date().timeIntervalSince(v.seenAt) }
                return v
            }
            guard clock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A stream of signals for one open page: `.changed` after each commit with events (a burst
    /// is folded into one), `.heartbeat` every `heartbeat`. Ends on shutdown or when dropped.
    func listen(heartbeat: Duration = .seconds(15)) -> AsyncStream<Signal> {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(2))
        let id = UUID()
        if stopped.withLockedValue({ $0 }) {
            continuation.finish()
            return stream
        }
        listeners.withLockedValue { $0[id] = continuation }
        let beat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield(.heartbeat)
            }
        }
        continuation.onTermination = { [weak self] _ in
            beat.cancel()
            self?.listeners.withLockedValue { _ = $0.removeValue(forKey: id) }
        }
        return stream
    }

    var listenerCount: Int { listeners.withLockedValue { $0.count } }
}
