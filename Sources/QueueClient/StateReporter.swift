import Foundation
import NIOConcurrencyHelpers
import QueueCore
import QueueWire

/// What a board or kiosk tells the coordinator of itself (`device-state`, for the manager's
/// device panel), on its mirror's connection: at once when something other than the screen's
/// time changes, else every `every` seconds, and again after each reconnection (a restarted
/// coordinator remembers nothing of it).
public final class StateReporter: Sendable {
    public static let every: TimeInterval = 15

    private struct Box {
        var current = DeviceState()
        var sent: DeviceState?
        var sentAt: Date?
        /// The coordinator refused it (an older one that does not know `device-state`): each
        /// refusal is a strike against the connection, so nothing more until the next one.
        var refused = false
    }

    private let box = NIOLockedValueBox(Box())

    public init() {}

    public func update(_ change: (inout DeviceState) -> Void) {
        box.withLockedValue { change(&$0.current) }
    }

    /// The link is back: tell the coordinator again.
    public func reconnected() {
        box.withLockedValue { $0.sent = nil; $0.refused = false }
    }

    /// What to send now, if anything.
    func due(now: Date) -> DeviceState? {
        box.withLockedValue { b in
            guard !b.refused else { return nil }
            let changed = b.sent.map { !$0.sameApartFromScreen(b.current) } ?? true
            let stale = b.sentAt.map { now.timeIntervalSince($0) >= Self.every } ?? true
            return changed || stale ? b.current : nil
        }
    }

    /// Runs until cancelled, looking every second whether something is due.
    public func run(on mirror: HallMirror) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            guard var state = due(now: Date()) else { continue }
            state.sentAt = Date()
            // A printer's problem in words may be long (a device path, a host name): cut to what the coordinator takes.
            state.printerDetail = state.printerDetail.map { String($0.prefix(TextLimits.reason)) }
            do {
                _ = try await mirror.send(.deviceState(state), requestId: nil)
                box.withLockedValue { $0.sent = state; $0.sentAt = Date() }
            } catch let error as QueueError where error.code == .connectionLost {
                continue // not connected: again once it is
            } catch {
                box.withLockedValue { $0.refused = true }
            }
        }
    }
}
