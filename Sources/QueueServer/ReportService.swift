import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueReports
import QueueStore
import QueueWire
import ReportStore

/// Answers the manager's `report` op: reads the span through the store's read pool (WAL reads
/// run beside the writer, never blocking it) and computes the report on its own serial queue,
/// so a year's report does not slow a clerk's call. One report at a time; a few may wait, more
/// are refused as `busy`.
final class ReportService: @unchecked Sendable { // unchecked: reports run on its serial queue; the waiting count is a lock
    private let store: QueueStore
    /// The coordinator's hall config: used when the database recorded none for the span.
    private let config: HallConfig
    private let logger: Logger
    /// The hall's clock (virtual or system): a citizen still waiting today has waited until now,
    /// not until closing.
    private let now: @Sendable () -> Date
    private let queue = DispatchQueue(label: "queue-reports", qos: .utility)
    private let waiting = NIOLockedValueBox(0)
    /// Set when the coordinator shuts down: no new report or summary starts.
    private let closing = NIOLockedValueBox(false)
    static let maxWaiting = 4

    init(store: QueueStore, config: HallConfig, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.now = now
        self.store = store
        self.config = config
        self.logger = logger
    }

    /// Summarises the closed days that lack a daily summary, on the report queue (at start-up;
    /// each report does it too, so a day that closed since is summarised before it is read).
    func summarizeClosedDays() {
        queue.async { [self] in
            guard !closing.withLockedValue({ $0 }) else { return }
            summarize()
        }
    }

    /// Takes no new work and returns once the reports and summaries already started are done:
    /// the coordinator calls it before it closes the database they read.
    func finish() async {
        closing.withLockedValue { $0 = true }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in queue.async { done.resume() } }
    }

    private func summarize() {
        let started = Date()
        do {
            let days = try store.summarizeClosedDays(config: config)
            if days > 0 {
                logger.info("daily summaries written", metadata: ["days": "\(days)", "ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
            }
        } catch {
            logger.warning("cannot write the daily summaries; reports read the rows instead", metadata: ["error": "\(error)"])
        }
    }

    /// Computes the report for request `id` and hands its frame to `reply`, on the report queue.
    func answer(id: Int64?, from: String, to: String, interval: Int?, baseline: [String: Double]?, reply: @escaping @Sendable (ByteBuffer) -> Void) {
        let admitted = waiting.withLockedValue { n -> Bool in
            guard n < Self.maxWaiting else { return false }
            n += 1
            return true
        }
        guard admitted else {
            reply(FrameOut().buffer(.error(id: id, QueueError(.busy, "The coordinator is already making \(Self.maxWaiting) reports; try again in a moment."))))
            return
        }
        queue.async { [self] in
            defer { waiting.withLockedValue { $0 -= 1 } }
            guard !closing.withLockedValue({ $0 }) else {
                reply(FrameOut().buffer(.error(id: id, QueueError(.closed, "The coordinator is shutting down; ask for the report again when it is back."))))
                return
            }
            reply(make(id: id, from: from, to: to, interval: interval, baseline: baseline))
        }
    }

    /// The reply frame: `{"id":N,"report":{…},"type":"reply"}`, or an error frame.
    func make(id: Int64?, from: String, to: String, interval: Int?, baseline: [String: Double]?) -> ByteBuffer {
        let out = FrameOut()
        func refuse(_ error: QueueError) -> ByteBuffer { out.buffer(.error(id: id, error)) }
        summarize()
        let started = Date()
        let data: ReportData
        do {
            data = try store.reportData(from: from, to: to)
        } catch {
            return refuse(QueueError(.storage, "Cannot read the tickets of \(from) to \(to): \(error)."))
        }
        guard !data.isEmpty else {
            let when = from == to ? "on \(from)" : "from \(from) to \(to)"
            return refuse(QueueError(.noTickets, "No tickets recorded \(when); is that a working day?"))
        }
        let entered = baseline.map { Baseline(label: "entered", meanService: $0) }
        let report = data.report(config: data.recordedConfig ?? config, from: from, to: to,
                                 context: data.context(baseline: entered, intervalMinutes: interval ?? 60, now: now().milliseconds))
        let body: Data
        do { body = try HallJSON.encoder().encode(report) } catch {
            return refuse(QueueError(.`internal`, "Cannot encode the report: \(error)."))
        }
        let frame = ServerMessage.reportFrame(encodedReport: body)
        guard frame.count < FrameLimits.fromServer - 64 else {
            return refuse(QueueError(.tooLarge, "The report of \(from) to \(to) is \(frame.count / 1_048_576) MiB, over the protocol's frame limit; make it from the database file (queuectl report --db) or over a shorter span."))
        }
        logger.info("report made", metadata: ["from": "\(from)", "to": "\(to)", "rows": "\(data.rows.count)",
                                              "ms": "\(Int(Date().timeIntervalSince(started) * 1000))", "bytes": "\(frame.count)"])
        return out.buffer(Writer.withId(id, frame))
    }
}
