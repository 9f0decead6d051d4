import Foundation

/// When a device tries the coordinator again after a failed or lost connection: 250 ms, doubling
/// up to 5 s, each wait varied by ±20 % so a hall's boards do not all knock at once after a
/// restart; back to 250 ms once a connection succeeds.
public struct Backoff: Sendable {
    public static let first: Duration = .milliseconds(250)
    public static let longest: Duration = .seconds(5)
    public private(set) var failures = 0

    public init() {}

    /// The wait before the next attempt; `unit` is a random number in 0..<1.
    public mutating func next(unit: Double = Double.random(in: 0..<1)) -> Duration {
        let base = min(Self.first * (1 << min(failures, 16)), Self.longest)
        failures += 1
        return base * (0.8 + 0.4 * unit)
    }

    public mutating func succeeded() { failures = 0 }
}

/// What a device writes to its log about its link: one line when it is lost, one when it is
/// back (with how long it was gone), and at most one reminder a minute in between, however
/// often it retries.
public struct LinkLog: Sendable {
    public static let reminderInterval: TimeInterval = 60
    private var lostAt: Date?
    private var lastLine: Date?

    public init() {}

    public mutating func failed(_ reason: String, now: Date) -> String? {
        guard let lostAt else {
            lostAt = now
            lastLine = now
            return "lost the coordinator: \(reason); retrying"
        }
        guard let lastLine, now.timeIntervalSince(lastLine) >= Self.reminderInterval else { return nil }
        self.lastLine = now
        return "still no coordinator after \(Self.duration(now.timeIntervalSince(lostAt))): \(reason); retrying"
    }

    public mutating func connected(now: Date) -> String? {
        defer { lostAt = nil; lastLine = nil }
        guard let lostAt else { return nil }
        return "coordinator back after \(Self.duration(now.timeIntervalSince(lostAt)))"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
