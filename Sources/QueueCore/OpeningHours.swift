import Foundation

/// When the hall is open: sessions (e.g. 07:30–11:30 and 13:30–17:00) on given weekdays.
public struct OpeningHours: Codable, Equatable, Sendable {
    /// A session in minutes after local midnight, [start, end).
    public struct Session: Codable, Equatable, Sendable {
        public var start: Int
        public var end: Int
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// Sessions for each weekday, Monday first (7 entries); an empty list is a closed day.
    public var days: [[Session]]
    /// Local days ("YYYY-MM-DD") the hall is closed whatever their weekday: public holidays, Tết.
    public var closedDays: Set<String> = []

    public init(days: [[Session]], closedDays: Set<String> = []) {
        precondition(days.count == 7, "one entry per weekday")
        self.days = days
        self.closedDays = closedDays
    }

    /// The same `sessions` on each of `weekdays` (1 = Monday … 7 = Sunday), plus `extra` days.
    public init(weekdays: [Int] = [1, 2, 3, 4, 5], sessions: [Session], extra: [Int: [Session]] = [:], closedDays: Set<String> = []) {
        self.days = (1...7).map { (weekdays.contains($0) ? sessions : []) + (extra[$0] ?? []) }
        self.closedDays = closedDays
    }

    enum CodingKeys: String, CodingKey { case days, closedDays }

    /// Closed days in day order: the same config is the same JSON, run after run.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(days, forKey: .days)
        if !closedDays.isEmpty { try c.encode(closedDays.sorted(), forKey: .closedDays) }
    }

    /// A config recorded before closed days existed has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        days = try c.decode([[Session]].self, forKey: .days)
        closedDays = try c.decodeIfPresent(Set<String>.self, forKey: .closedDays) ?? []
    }

    /// The sessions of a local day: none on a closed day, else its weekday's.
    public func sessions(on day: String, weekday: Int) -> [Session] {
        closedDays.contains(day) ? [] : sessions(onWeekday: weekday)
    }

    public func sessions(onWeekday weekday: Int) -> [Session] {
        days.indices.contains(weekday - 1) ? days[weekday - 1] : []
    }

    public func isOpen(_ time: LocalTime) -> Bool {
        sessions(on: time.day, weekday: time.weekday).contains { time.minuteOfDay >= $0.start && time.minuteOfDay < $0.end }
    }

    /// When the hall next opens after `time`: a later session the same day (`days` 0), else the
    /// first session of the next day that has one (1 to 7 days on); nil when it never opens.
    public func nextOpening(after time: LocalTime) -> (days: Int, weekday: Int, minute: Int)? {
        if let later = sessions(on: time.day, weekday: time.weekday).map(\.start).filter({ $0 > time.minuteOfDay }).min() {
            return (0, time.weekday, later)
        }
        return nextWorkingDay(after: time)
    }

    /// The first day after `time`'s day with opening hours and not closed, and when it opens
    /// (1 day on or more: Tết can close a hall for over a week).
    public func nextWorkingDay(after time: LocalTime) -> (days: Int, weekday: Int, minute: Int)? {
        for days in 1...(7 * (closedDays.count + 1)) {
            let weekday = (time.weekday - 1 + days) % 7 + 1
            let day = CivilDay.adding(days, to: time.day) ?? ""
            if let start = sessions(on: day, weekday: weekday).map(\.start).min() { return (days, weekday, start) }
        }
        return nil
    }

    /// The minute of `time`'s day by which `minutes` of opening time will have passed: time runs
    /// only inside sessions, so a lunch break does not count. Nil when the day's sessions end
    /// first.
    public func minute(afterOpenMinutes minutes: Int, from time: LocalTime) -> Int? {
        var left = max(0, minutes)
        for session in sessions(on: time.day, weekday: time.weekday).sorted(by: { $0.start < $1.start }) where session.end > time.minuteOfDay {
            let from = max(session.start, time.minuteOfDay)
            if from + left <= session.end { return from + left }
            left -= session.end - from
        }
        return nil
    }

    /// Minutes left before the last session of that day ends (0 when closed for the day).
    public func minutesUntilClose(_ time: LocalTime) -> Int {
        guard let end = sessions(on: time.day, weekday: time.weekday).map(\.end).max() else { return 0 }
        return max(0, end - time.minuteOfDay)
    }
}

/// "HH:MM" ↔ minutes after midnight.
public enum ClockText {
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    /// "07:30" for 450.
    public static func text(_ minutes: Int) -> String {
        let (h, m) = (minutes / 60, minutes % 60)
        return (h < 10 ? "0\(h)" : "\(h)") + (m < 10 ? ":0\(m)" : ":\(m)")
    }
}
