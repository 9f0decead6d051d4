import Foundation
import NIOConcurrencyHelpers
import QueueCore

/// Whether the writer is alive and the database takes its commits: each of the coordinator's own
/// 10 s ticks the writer takes is a sign of life, and every batch it commits, or fails to commit
/// (a full or failing disk), says how the database is. Read by `/health` on the web port.
public final class WriterHealth: Sendable {
    public struct Report: Equatable, Sendable {
        public var healthy: Bool
        /// What a person reads: "ok" or what is wrong and since when.
        public var message: String
    }

    private struct State {
        var started = Date()
        var lastTick: Date?
        /// When a batch that writes was last refused, until one is committed (the reason is in the log).
        var failedAt: Date?
    }
    private let state = NIOLockedValueBox(State())
    /// A writer that took no tick for this long is stuck (three ticks missed).
    public static let stuckAfter: TimeInterval = 30

    public init() {}

    /// The coordinator starts running now (a long start-up check before it is no silence).
    func start(at now: Date = Date()) { state.withLockedValue { $0.started = now } }

    /// The writer took a tick: it is alive.
    func alive(at now: Date = Date()) { state.withLockedValue { $0.lastTick = now } }

    /// A batch that writes was committed (`error` nil) or refused; a refusal stays until a later
    /// batch commits.
    func committed(error: String?, at now: Date = Date()) {
        state.withLockedValue { $0.failedAt = error == nil ? nil : now }
    }

    public func report(now: Date = Date()) -> Report {
        state.withLockedValue { s in
            // The reason stays in the coordinator's log: this page needs no sign-in.
            if let failedAt = s.failedAt {
                return Report(healthy: false, message: "The database refused a commit \(Int(now.timeIntervalSince(failedAt))) s ago and none has succeeded since; see the coordinator's log.")
            }
            let since = s.lastTick ?? s.started
            let quiet = now.timeIntervalSince(since)
            guard quiet < Self.stuckAfter else {
                return Report(healthy: false, message: "The writer has taken nothing for \(Int(quiet)) s; it may be stuck.")
            }
            return Report(healthy: true, message: "ok")
        }
    }
}
