import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueStore
import QueueWire

/// The only writer of queue state. Requests queue up here; a dedicated thread takes everything
/// pending as one batch, decides each request against the live state, commits the whole batch in
/// one durable transaction (group commit: many tickets per fsync), and only then replies and
/// publishes the events. Nothing is acknowledged before its commit.
final class Writer: @unchecked Sendable { // unchecked: the state is owned by the writer thread; the queue is under `inbox`, the published state in a lock
    let store: QueueStore
    let hub: Hub
    let devices: DeviceDirectory
    let logger: Logger
    let out = FrameOut()
    /// Subscribers further behind than this get a fresh snapshot instead of the backlog.
    let maxBacklog: Int64 = 10_000
    static let maxBatch = 512
    /// Requests waiting for the writer at most; beyond it a request is refused as `busy` at once,
    /// so a flood cannot grow the queue (and the hall's latency) without bound.
    static let maxPending = 4_096
    /// Ticket rows per `tickets` reply (about 1 MB of JSON, far under the 16 MiB frame limit).
    static let ticketsPage = 2_000

    // Owned by the writer thread once started.
    private(set) var state: HallState
    /// Set when a failed commit could not reload the state from the database.
    private var stateLost = false
    /// Set when the coordinator runs on a virtual clock.
    var virtualNow: Date?

    /// The state as of the last commit, for status answered off the writer thread. Emptied at
    /// every commit and filled again only when someone asks: a copy held here would make the
    /// next batch copy every open ticket (copy on write), so it is made once per batch that has
    /// a status reader, never per commit.
    private let published: NIOLockedValueBox<Published>
    /// Told of every batch that writes: committed or refused (`/health`).
    let health: WriterHealth

    /// Guards `pending`, `stopping`, `finished` and `stopWaiters`. Its value is 1 while the thread
    /// has something to do (jobs pending, or a stop asked for), and the thread sleeps until it is.
    private let inbox = ConditionLock(value: 0)
    private var pending: [Job] = []
    private var stopping = false
    /// The thread has ended; who waits for it to.
    private var finished = false
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []

    /// Requests, commit times and queue lengths (`/metrics`).
    let metrics: CoordinatorMetrics
    /// Where each new ticket's phone page is, told in the issue reply.
    let ticketPages: TicketPages

    init(store: QueueStore, state: HallState, virtualNow: Date?, hub: Hub, devices: DeviceDirectory, health: WriterHealth,
         metrics: CoordinatorMetrics, ticketPages: TicketPages, logger: Logger) {
        self.health = health
        self.ticketPages = ticketPages
        self.metrics = metrics
        self.store = store
        self.state = state
        self.virtualNow = virtualNow
        self.published = NIOLockedValueBox(Published(state: nil, virtualNow: virtualNow))
        self.hub = hub
        self.devices = devices
        self.logger = logger
    }

    func now() -> Date { (virtualNow ?? Date()).roundedToMillisecond }

    /// Queues a job; false (and nothing queued) when `maxPending` are already waiting. The
    /// coordinator's own ticks are always taken.
    @discardableResult
    func submit(_ job: Job) -> Bool {
        inbox.lock()
        guard pending.count < Self.maxPending || job.caller.device == Caller.coordinator.device else {
            inbox.unlock()
            return false
        }
        pending.append(job)
        inbox.unlock(withValue: 1)
        return true
    }

    /// The hall's time as of the last commit's clock (a virtual clock's instant, else the system's).
    func committedNow() -> Date {
        (published.withLockedValue { $0.virtualNow } ?? Date()).roundedToMillisecond
    }

    static let busy = QueueError(.busy, "The coordinator has too many requests waiting; nothing was changed. Try again in a moment.")

    /// A status reply for request `id` from the last committed state, without the writer, or nil
    /// when nobody asked since the last commit (then the writer answers it, see `answer`): the
    /// state's JSON is encoded once per commit however many ask.
    func statusReply(id: Int64?) -> ByteBuffer? {
        let found = published.withLockedValue { p -> (Data, Date?)? in
            guard let state = p.state else { return nil }
            if p.encoded == nil { p.encoded = out.data(state) }
            return (p.encoded!, p.virtualNow)
        }
        guard let (stateJSON, virtual) = found else { return nil }
        let now = (virtual ?? Date()).roundedToMillisecond
        var frame = Data("{\"now\":\(now.milliseconds),\"state\":".utf8)
        frame.append(stateJSON)
        frame.append(Data(",\"type\":\"reply\"}".utf8))
        return out.buffer(Self.withId(id, frame))
    }

    func start() {
        let thread = Thread { [self] in
            run()
            inbox.lock()
            finished = true
            let waiters = stopWaiters
            stopWaiters = []
            inbox.unlock()
            for waiter in waiters { waiter.resume() }
        }
        thread.name = "queue-writer"
        thread.start()
    }

    /// Finishes what is queued, then stops the thread; returns once it has (without blocking a
    /// thread of the caller's while it waits).
    func stop() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            inbox.lock()
            stopping = true
            guard !finished else {
                inbox.unlock()
                waiter.resume()
                return
            }
            stopWaiters.append(waiter)
            inbox.unlock(withValue: 1)
        }
    }

    private func run() {
        while true {
            inbox.lock(whenValue: 1)
            if pending.isEmpty {
                // Woken with nothing pending: a stop was asked for.
                inbox.unlock()
                return
            }
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            inbox.unlock(withValue: pending.isEmpty && !stopping ? 0 : 1)
            process(batch)
        }
    }

    /// Mutating requests commit together; reads and subscriptions are answered after the commit,
    /// from committed state only.
    func process(_ batch: [Job]) {
        if stateLost, !restoreState(config: state.config) {
            let refusal = QueueError(.storage, "The coordinator cannot read its database; nothing was changed. Try again; if it persists, check the disk.")
            for job in batch { job.deliver(.failure(refusal), out: out) }
            return
        }
        let writes = batch.filter(\.writes)
        let reads = batch.filter { !$0.writes }
        if !writes.isEmpty { commit(writes) }
        for job in reads { answer(job) }
    }

    private func commit(_ jobs: [Job]) {
        // The state moves into the batch (no copy); a failed commit reloads it from the database.
        var work = Batch(state: takeState(), virtualNow: virtualNow)
        // Each outcome encoded once, without its id (spliced in when sent): the same bytes are
        // remembered for retries and sent now.
        var outcomes: [(result: Result<Reply, QueueError>?, encoded: Data?)] = []
        // Each event encoded once, for the log and for every subscriber.
        var encodedEvents: [Data] = []
        let started = ContinuousClock.now
        do {
            try store.write { tx in
                for job in jobs {
                    if let rid = job.requestId, let data = try tx.rememberedReply(device: job.caller.device, requestId: rid) {
                        outcomes.append((nil, data))
                        continue
                    }
                    let result: Result<Reply, QueueError>
                    switch job.work {
                    case .change(let change):
                        do { result = .success(try change(tx, work.now)) } catch let error as QueueError { result = .failure(error) }
                    case .request(let request):
                        result = try perform(request, for: job, &work, tx)
                    case .read:
                        result = .failure(QueueError(.`internal`, "Not a change."))
                    }
                    // A new device's key is sent once and never stored.
                    let remembered = result.map { $0.withoutKey }
                    let needsBytes = job.requestId != nil || job.answer.isWire
                    let data = needsBytes ? out.data(ServerMessage(remembered, id: nil)) : nil
                    if let rid = job.requestId, case .success = result, let data {
                        try tx.remember(device: job.caller.device, requestId: rid, at: work.now, reply: data)
                    }
                    // Sent with its id spliced in front, as remembered (a new key is encoded once more).
                    let hasKey = (try? result.get())?.key != nil
                    outcomes.append((result, hasKey && job.answer.isWire ? out.data(ServerMessage(result, id: nil)) : data))
                }
                encodedEvents = try work.events.map { try out.encoder.encode($0) }
                try tx.append(work.events, encoded: encodedEvents)
            }
        } catch {
            logger.error("commit failed; nothing in this batch was acknowledged", metadata: ["error": "\(error)", "requests": "\(jobs.count)"])
            health.committed(error: "\(error)")
            let refusal = QueueError(.storage, "The coordinator could not save this change (\(error)); nothing was changed. Try again; if it persists, check the disk.")
            for job in jobs {
                job.deliver(.failure(refusal), out: out)
                metrics.answered(op: job.request?.op ?? "change", outcome: refusal.code.rawValue)
            }
            restoreState(config: work.state.config)
            return
        }
        if !work.events.isEmpty { health.committed(error: nil) }
        let took = ContinuousClock.now - started
        state = work.state
        virtualNow = work.virtualNow
        published.withLockedValue { $0 = Published(state: nil, virtualNow: work.virtualNow) }
        for action in work.beforeReplies { action() }
        // Replies first: the callers wait on them; subscribers get the events right after.
        for (job, outcome) in zip(jobs, outcomes) {
            if let result = outcome.result {
                job.deliver(result, spliced: outcome.encoded, out: out)
            } else {
                job.deliverRemembered(outcome.encoded!, out: out)
            }
        }
        hub.publish(encodedEvents, out: out)
        hub.tap(work.events, now: work.now)
        // After the replies, so a manager revoking its own key still hears that it worked.
        for action in work.afterCommit { action() }
        // Counted last, once the callers have their answers.
        metrics.committed(in: took)
        for (job, outcome) in zip(jobs, outcomes) {
            let op = job.request?.op ?? "change"
            switch outcome.result {
            case .failure(let error)?: metrics.answered(op: op, outcome: error.code.rawValue)
            case .success?: metrics.answered(op: op, outcome: "ok")
            case nil: metrics.answered(op: op, outcome: "replayed")
            }
        }
        metrics.waiting(state.config.services.map { ($0.id, state.waitingCount(service: $0.id)) })
    }

    /// The live state, leaving a placeholder: the batch owns it until `commit` puts it back.
    private func takeState() -> HallState {
        var taken = HallState(config: state.config)
        swap(&taken, &state)
        return taken
    }

    /// After a failed commit: the state as the database has it (the batch's changes were rolled
    /// back). While even that read fails, every request is refused as `storage` (see `process`).
    @discardableResult
    private func restoreState(config: HallConfig) -> Bool {
        do {
            state = try store.loadState(config: config)
            stateLost = false
        } catch {
            logger.error("cannot reload the hall state after a failed commit; refusing requests until it can", metadata: ["error": "\(error)"])
            state = HallState(config: config)
            stateLost = true
        }
        return !stateLost
    }

    /// `{"id":7,` + the rest of an encoded frame: the request's id without encoding it again.
    static func withId(_ id: Int64?, _ frame: Data) -> Data {
        guard let id, frame.count > 2, frame.first == UInt8(ascii: "{") else { return frame }
        var out = Data("{\"id\":\(id),".utf8)
        out.append(frame.dropFirst())
        return out
    }


    /// Reads: status, the device list, and subscriptions (snapshot or backlog, then live events).
    private func answer(_ job: Job) {
        let request: Request
        switch job.work {
        case .read(let look):
            look(state, now())
            return
        case .change:
            job.deliver(.failure(QueueError(.`internal`, "Not a read request.")), out: out)
            return
        case .request(let r):
            request = r
        }
        switch request {
        case .status:
            guard case .wire(let send) = job.answer else {
                job.deliver(.success(.status(state, now: now())), out: out)
                return
            }
            published.withLockedValue { if $0.state == nil { $0.state = state } }
            send(statusReply(id: job.id)!)
        case .listDevices:
            do {
                job.deliver(.success(.devices(try store.devices(), key: nil)), out: out)
            } catch {
                job.deliver(.failure(QueueError(.storage, "Cannot read the device list: \(error).")), out: out)
            }
        case .tickets(let from, let to, let after):
            do {
                let page = try store.tickets(from: from, to: to, after: after ?? 0, limit: Self.ticketsPage)
                job.deliver(.success(.tickets(page, cancelledAt: try store.cancelTimes(of: page) ?? [:])), out: out)
            } catch {
                job.deliver(.failure(QueueError(.storage, "Cannot read the tickets of \(from) to \(to): \(error).")), out: out)
            }
        case .appointments(let from, let to):
            do {
                job.deliver(.success(.appointments(try store.appointments(from: from, to: to), capacity: try store.appointmentCapacity())), out: out)
            } catch {
                job.deliver(.failure(QueueError(.storage, "Cannot read the appointments of \(from) to \(to): \(error).")), out: out)
            }
        case .subscribe(let since):
            guard let channel = job.caller.channel, case .wire(let send) = job.answer else {
                job.deliver(.failure(QueueError(.badRequest, "Only a connected device can subscribe; in the coordinator's process use watch().")), out: out)
                return
            }
            var backlog: [Event]?
            if let since, since <= state.seq, state.seq - since <= maxBacklog {
                backlog = try? store.events(after: since, limit: Int(maxBacklog))
                if let b = backlog, b.count != Int(state.seq - since) { backlog = nil }
            }
            job.deliver(.success(.subscribed(seq: state.seq, now: now())), out: out)
            if let backlog {
                for event in backlog { send(out.buffer(.push(.event(event)))) }
            } else {
                send(out.buffer(.push(.snapshot(state, now: now()))))
            }
            hub.subscribe(channel: channel)
        default:
            job.deliver(.failure(QueueError(.`internal`, "Not a read request.")), out: out)
        }
    }
}

/// The batch being built: state after the requests so far, their events, and what to do once
/// the transaction has committed.
struct Batch {
    var state: HallState
    var virtualNow: Date?
    var events: [Event] = []
    /// Committed changes the rest of the coordinator must know before anyone hears of them (a
    /// device's new or revoked key).
    var beforeReplies: [() -> Void] = []
    var afterCommit: [() -> Void] = []
    var now: Date { (virtualNow ?? Date()).roundedToMillisecond }

    init(state: HallState, virtualNow: Date?) {
        self.state = state
        self.virtualNow = virtualNow
    }

    /// Gives changes their sequence numbers and applies them.
    mutating func record(_ changes: [Change], device: String, at: Date) -> [Event] {
        let recorded = state.record(changes, by: device, at: at)
        events += recorded
        return recorded
    }
}

/// What reads off the writer thread see: the committed state, and its JSON once someone asked.
struct Published {
    var state: HallState?
    var virtualNow: Date?
    var encoded: Data?
}
