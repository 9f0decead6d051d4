import Foundation
import NIOConcurrencyHelpers
import QueueCore
import QueueWire

/// Whether the writer is alive and the database takes its commits, from the coordinator's own
/// 10 s tick: each tick the writer takes is a sign of life; a tick refused by the store (a full
/// or failing disk) is a failure. Read by `/health` on the web port and by the systemd watchdog.
public final class WriterHealth: Sendable {
    public struct Report: Equatable, Sendable {
        public var healthy: Bool
        /// What a person reads: "ok" or what is wrong and since when.
        public var message: String
    }

    private struct State {
        var started = Date()
        var lastTick: Date?
        var failure: (at: Date, message: String)?
    }
    private let state = NIOLockedValueBox(State())
    /// A writer that took no tick for this long is stuck (three ticks missed).
    public static let stuckAfter: TimeInterval = 30

    public init() {}

    func tick(_ result: Result<Reply, QueueError>, at now: Date = Date()) {
        state.withLockedValue { s in
            switch result {
            case .success: s.lastTick = now; s.failure = nil
            case .failure(let error): s.failure = (now, error.message)
            }
        }
    }

    public func report(now: Date = Date()) -> Report {
        state.withLockedValue { s in
            if let failure = s.failure {
                return Report(healthy: false, message: "The database refused the last commit \(Int(now.timeIntervalSince(failure.at))) s ago: \(failure.message)")
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
