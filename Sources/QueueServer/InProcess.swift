import Foundation
import NIOCore
import QueueCore
import QueueStore
import QueueWire

/// What an in-process watcher receives: first the committed state it starts from, then every
/// later commit in order (a commit may carry no events: the 10 s tick still moves the clock).
public enum HallUpdate: Sendable {
    /// The state at its `seq`, the coordinator's clock, and every ticket row of `state.day`
    /// (done ones included) with when each cancelled one was cancelled (ticket id → ms), read
    /// between batches so it matches the state exactly.
    case snapshot(HallState, now: Date, today: [Ticket], cancelledAt: [Int64: Int64], pausedAt: [Int: Int64])
    case committed([Event], now: Date)
}

/// The in-process entry point: the web console submits to the same writer as the TCP sessions,
/// with the same request-id and role checks, so a change from a browser is durable, idempotent
/// and in the event log under the web user's device name. Replies come back typed, never as JSON.
extension Coordinator {
    /// Submits `request` as `device` and waits for its reply or refusal. `subscribe` is not for
    /// here: use `watch()`.
    public func perform(_ unchecked: Request, as device: DeviceIdentity, requestId: String?) async -> Result<Reply, QueueError> {
        if case .subscribe = unchecked {
            return .failure(QueueError(.badRequest, "Use watch() for updates inside the coordinator's process."))
        }
        let request: Request
        do { request = try unchecked.checked() } catch let error as QueueError { return .failure(error) } catch { return .failure(QueueError(.badRequest, "\(error)")) }
        if let refusal = SessionMachine.refusal(request, requestId: requestId, from: device) {
            return .failure(refusal)
        }
        return await submit(requestId: request.isMutating ? requestId : nil, work: .request(request), as: device)
    }

    /// Runs a manager's change to the store that has no wire request (clerk PINs) in the writer's
    /// next batch: committed with it, remembered under (device, request id) so a retry acts once.
    /// `change` must refuse (throw a `QueueError`) before it writes anything.
    public func change(as device: DeviceIdentity, requestId: String,
                       _ change: @escaping @Sendable (StoreTransaction, _ now: Date) throws -> Reply) async -> Result<Reply, QueueError> {
        guard device.role == .manager else {
            return .failure(QueueError(.forbidden, "Device \"\(device.name)\" (role \(device.role.rawValue)) may not change clerk PINs; a manager may."))
        }
        guard !requestId.isEmpty, requestId.count <= 128 else {
            return .failure(QueueError(.requestIdRequired, "A change needs a requestId (1–128 characters) so a retry cannot act twice."))
        }
        return await submit(requestId: requestId, work: .change(change), as: device)
    }

    /// Records a citizen's rating of the visit that ended with ticket `id` of `day` (the hall's
    /// current day, or it is refused), from its phone page, in the writer's next batch. The page's identity is `phone`; the request id
    /// names the visit, so a second press of the same button does nothing more.
    public func rate(ticket id: Int64, day: String, rating: Rating, reason: RatingReason?) async -> Result<Reply, QueueError> {
        await submit(requestId: "rating-\(day)-\(id)", work: .change { tx, now in
            try tx.addRating(ticket: id, rating: rating, reason: reason, at: now)
            return .changed(events: [], now: nil)
        }, as: Self.phone)
    }

    /// Who a phone page acts as: no device, no role on the wire.
    static let phone = DeviceIdentity(name: "phone", role: .display)

    private func submit(requestId: String?, work: Job.Work, as device: DeviceIdentity) async -> Result<Reply, QueueError> {
        await withCheckedContinuation { continuation in
            let job = Job(requestId: requestId, work: work, caller: Caller(identity: device, channel: nil),
                          answer: .typed { continuation.resume(returning: $0) })
            if !writer.submit(job) { continuation.resume(returning: .failure(Writer.busy)) }
        }
    }

    /// Committed state, then every later commit, with no gap: the watcher is registered on the
    /// writer thread between batches, right after it is shown the state. Ends when the consumer
    /// stops iterating.
    public func watch() -> AsyncStream<HallUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: HallUpdate.self, bufferingPolicy: .unbounded)
        let id = UUID()
        let hub = hub, store = store, logger = logger
        continuation.onTermination = { _ in hub.removeTap(id) }
        writer.submit(Job(requestId: nil, work: .read { state, now in
            var today: [Ticket] = [], cancelledAt: [Int64: Int64] = [:], pausedAt: [Int: Int64] = [:]
            do {
                today = state.day.isEmpty ? [] : try store.tickets(day: state.day)
                for (id, at) in try store.cancelTimes(of: today) ?? [:] { if let id = Int64(id) { cancelledAt[id] = at } }
                pausedAt = try store.pauseTimes(of: state.counters.values.filter { $0.status == .paused }.map(\.number))
            } catch {
                logger.error("cannot read today's tickets for the web console", metadata: ["error": "\(error)"])
            }
            continuation.yield(.snapshot(state, now: now, today: today, cancelledAt: cancelledAt, pausedAt: pausedAt))
            hub.addTap(id) { events, now in continuation.yield(.committed(events, now: now)) }
        }, caller: .coordinator, answer: .typed { _ in }))
        return stream
    }

    /// The device if it exists and is not revoked: for checking a web session's key on each request.
    public func activeDevice(named name: String) -> (info: DeviceInfo, key: Data)? {
        devices.active(name).map { ($0.info, $0.key) }
    }

    /// Whether time is the virtual clock's (set by manager requests) rather than the system's.
    public var clockIsVirtual: Bool { options.virtualClock }

    /// The hall this coordinator serves.
    public var hallConfig: HallConfig { options.config }

    /// The database, for reads only (clerk PINs, ticket rows): changes go through `perform` or `change`.
    public var reader: QueueStore { store }
}
