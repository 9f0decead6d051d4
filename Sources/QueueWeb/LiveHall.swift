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
        /// The coordinator's clock at the last commit the open pages were told of (a commit with
        /// no events, such as the 10 s tick, moves `now` but tells no page): a later commit in
        /// another minute concerns every page.
        var drawnAt: Date
    }

    /// What an event stream is told: the hall changed, or it is time for a keep-alive.
    enum Signal: Sendable { case changed, heartbeat }

    private let updates: @Sendable () -> AsyncStream<HallUpdate>
    private let virtualClock: Bool
    private let current = NIOLockedValueBox<View?>(nil)
    private struct Listener {
        var continuation: AsyncStream<Signal>.Continuation
        /// What its page shows; nil: everything (a console or the dashboard).
        var interest: PageInterest?
    }
    private let listeners = NIOLockedValueBox<[UUID: Listener]>([:])
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
        for listener in listeners.withLockedValue({ Array($0.values) }) { listener.continuation.finish() }
    }

    /// Returns the change the open pages were told of (nil: none).
    @discardableResult
    func apply(_ update: HallUpdate) -> Change? {
        var changed: Change?
        current.withLockedValue { view in
            switch update {
            case .snapshot(let state, let now, let today, let cancelledAt, let pausedAt):
                view = View(state: state, now: now, seenAt: Date(), today: Dictionary(uniqueKeysWithValues: today.map { ($0.id, $0) }),
                            cancelledAt: cancelledAt, pausedAt: pausedAt, drawnAt: now)
                changed = .all
            case .committed(let events, let now):
                guard var v = view else { return }
                let change = Change.of(events, at: now, after: v.drawnAt, in: v.state.timeZone)
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
                if !events.isEmpty { v.drawnAt = now }
                view = v
                changed = events.isEmpty ? nil : change
            }
        }
        if let changed { redraw(changed) }
        return changed
    }

    /// Tells the open pages that `change` can concern to draw their live part again: after a
    /// commit, or (everything) after something the hall state does not hold changed what a page
    /// shows (a wrong PIN on the dashboard).
    func redraw(_ change: Change = .all) {
        let woken = listeners.withLockedValue { all in
            all.values.filter { $0.interest?.isConcerned(by: change) ?? true }.map(\.continuation)
        }
        for continuation in woken { continuation.yield(.changed) }
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
    /// `interest`: what the page shows, so that commits which cannot change it do not wake it;
    /// nil for a page that shows the whole hall.
    func listen(heartbeat: Duration = .seconds(15), interest: PageInterest? = nil) -> AsyncStream<Signal> {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(2))
        let id = UUID()
        if stopped.withLockedValue({ $0 }) {
            continuation.finish()
            return stream
        }
        listeners.withLockedValue { $0[id] = Listener(continuation: continuation, interest: interest) }
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

extension LiveHall {
    /// What one commit can have changed on a page that follows one ticket: the tickets its events
    /// carry and their services, or everything. A ticket's page shows the ticket, how many of
    /// its service are ahead, the estimate (from its service's staffed counters and recent
    /// service times) and the clock's minute: an issue, call, start, end, no-show, transfer or
    /// cancellation in another service changes none of them. Anything else (a counter signing in,
    /// pausing, a day opening, a new minute) concerns every page. `LivePageTests` holds every
    /// page not concerned to the same HTML.
    struct Change: Equatable, Sendable {
        var services: Set<String> = []
        var tickets: Set<Int64> = []
        var everything = false

        static let all = Change(everything: true)

        /// The kinds that change only their own ticket and what its service's pages count.
        static let ticketKinds: Set<Event.Kind> = [.issued, .called, .recalled, .started, .finished, .noShow, .transferred, .cancelled]

        /// The change of a commit of `events` at `now`, the one before having been at `before`.
        static func of(_ events: [Event], at now: Date, after before: Date, in zone: TimeZone) -> Change {
            if LocalTime(now, in: zone) != LocalTime(before, in: zone) { return .all }
            var change = Change()
            for event in events {
                guard Self.ticketKinds.contains(event.kind), let ticket = event.ticket else { return .all }
                change.services.insert(ticket.service)
                change.tickets.insert(ticket.id)
                if let from = ticket.transferredFrom { change.tickets.insert(from) }
            }
            return change
        }

        func concerns(ticket: Int64, service: String) -> Bool {
            everything || tickets.contains(ticket) || services.contains(service)
        }
    }
}

/// The ticket and service an open phone page follows (they change when the citizen is
/// transferred). While its stream draws (from `drawing()` until `follow`), and before its first
/// drawing, every change concerns it: a commit landing between its look at the hall and `follow`
/// wakes it again, so it is never left behind.
final class PageInterest: Sendable {
    private let followed = NIOLockedValueBox<(ticket: Int64, service: String)?>(nil)

    func drawing() { followed.withLockedValue { $0 = nil } }

    func follow(ticket: Int64, service: String) { followed.withLockedValue { $0 = (ticket, service) } }

    func isConcerned(by change: LiveHall.Change) -> Bool {
        guard let f = followed.withLockedValue({ $0 }) else { return true }
        return change.concerns(ticket: f.ticket, service: f.service)
    }
}
