import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// How many connections the coordinator holds open, so sockets nobody uses cannot take every file
/// descriptor (the systemd unit's LimitNOFILE is well above both caps):
/// - at most `maxUnauthenticated` connections that have not proved a key: a new one pushes out
///   the oldest of them, so a crowd of idle sockets cannot keep a real device from connecting
///   (its handshake takes milliseconds, theirs never finishes);
/// - at most `maxOpen` in all: beyond it a new connection is closed at once.
/// Refusals and evictions are logged at most every 10 s, with counts.
final class ConnectionLimits: Sendable {
    struct Counts {
        var admitted: Set<ObjectIdentifier> = []
        /// Admitted and not yet authenticated, oldest first.
        var waiting: [(id: ObjectIdentifier, channel: Channel)] = []
        var refused = 0
        var evicted = 0
        var lastLog = Date.distantPast
    }

    let maxOpen: Int
    let maxUnauthenticated: Int
    private let counts = NIOLockedValueBox(Counts())
    private let logger: Logger

    init(maxOpen: Int, maxUnauthenticated: Int, logger: Logger) {
        self.maxOpen = maxOpen
        self.maxUnauthenticated = maxUnauthenticated
        self.logger = logger
    }

    /// A new connection: true if it may stay; it counts as unauthenticated until `authenticated`.
    func opened(_ channel: Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let (admitted, evict, log) = counts.withLockedValue { c -> (Bool, Channel?, String?) in
            var evict: Channel?
            if c.waiting.count >= maxUnauthenticated || c.admitted.count >= maxOpen, !c.waiting.isEmpty {
                let oldest = c.waiting.removeFirst()
                c.admitted.remove(oldest.id)
                evict = oldest.channel
                c.evicted += 1
            }
            guard c.admitted.count < maxOpen else {
                c.refused += 1
                return (false, evict, Self.report(&c, caps: (maxOpen, maxUnauthenticated)))
            }
            c.admitted.insert(id)
            c.waiting.append((id, channel))
            return (true, evict, evict == nil ? nil : Self.report(&c, caps: (maxOpen, maxUnauthenticated)))
        }
        evict?.close(promise: nil)
        if let log { logger.warning("\(log)") }
        return admitted
    }

    private static func report(_ c: inout Counts, caps: (Int, Int)) -> String? {
        guard Date().timeIntervalSince(c.lastLog) >= 10 else { return nil }
        defer { c.lastLog = Date(); c.refused = 0; c.evicted = 0 }
        return "too many connections: \(c.admitted.count) open, \(c.waiting.count) not authenticated (caps \(caps.0) and \(caps.1)); in the last 10 s \(c.evicted) unauthenticated closed to make room, \(c.refused) refused"
    }

    func authenticated(_ channel: Channel) {
        let id = ObjectIdentifier(channel)
        counts.withLockedValue { c in c.waiting.removeAll { $0.id == id } }
    }

    /// A connection ended (nothing to do if it was pushed out already).
    func closed(_ channel: Channel) {
        let id = ObjectIdentifier(channel)
        counts.withLockedValue { c in
            c.waiting.removeAll { $0.id == id }
            c.admitted.remove(id)
        }
    }
}
