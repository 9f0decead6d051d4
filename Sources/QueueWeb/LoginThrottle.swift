import Foundation
import NIOConcurrencyHelpers

/// Slows PIN guessing: after `limit` failures within `window` for one key (a counter and a
/// browser's address), sign-in with a PIN is refused for that key until the window has passed.
final class LoginThrottle: Sendable {
    let limit: Int
    let window: TimeInterval
    private let failures = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int = 5, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    func allowed(_ key: String, now: Date = Date()) -> Bool {
        failures.withLockedValue { all in
            let recent = (all[key] ?? []).filter { now.timeIntervalSince($0) < window }
            all[key] = recent.isEmpty ? nil : recent
            return recent.count < limit
        }
    }

    func failed(_ key: String, now: Date = Date()) {
        failures.withLockedValue { all in
            if all.count > 10_000 { all = all.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
            all[key, default: []].append(now)
        }
    }

    func succeeded(_ key: String) { failures.withLockedValue { _ = $0.removeValue(forKey: key) } }
}
