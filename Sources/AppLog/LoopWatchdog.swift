import Foundation

/// systemd's readiness and watchdog for a screen's drawing loop (`queue-display`, `queue-kiosk`):
/// `READY=1` once the first frame is on the screen, then `WATCHDOG=1` from the loop itself, at
/// least every `every` seconds (the loop comes round and feeds at half of it). A loop stuck in drawing (a hung GPU call, a deadlock) stops the
/// keep-alives and systemd restarts the program (`WatchdogSec=` in its unit).
public struct LoopWatchdog {
    let systemd: SystemdNotify
    let every: TimeInterval
    var fedAt: Date?
    var ready = false

    public init(systemd: SystemdNotify = SystemdNotify(), every: TimeInterval = 5) {
        self.systemd = systemd
        self.every = every
    }

    /// The longest the loop may wait for input before it must come round again (also outside
    /// systemd: the manager's device panel hears from the loop that it still comes round).
    public var longestWait: TimeInterval { every / 2 }

    /// After a frame is presented: the first one tells systemd the program is ready.
    public mutating func drew(status: @autoclosure () -> String) {
        guard !ready else { return }
        ready = true
        systemd.ready(status: status())
    }

    /// Once per pass of the loop.
    public mutating func loopPassed(now: Date = Date()) {
        guard systemd.watchdog, ready else { return }
        if let fedAt, now.timeIntervalSince(fedAt) < every / 2 { return }
        fedAt = now
        systemd.alive()
    }
}
