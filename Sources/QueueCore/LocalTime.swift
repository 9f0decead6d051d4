import Foundation

/// A moment seen on the hall's wall clock: the local day (which numbers run in), the ISO
/// weekday and the minute of the day. The hall's time zone decides it, never UTC.
public struct LocalTime: Equatable, Sendable {
    /// "2026-11-29"
    public var day: String
    /// 1 = Monday … 7 = Sunday
    public var weekday: Int
    public var minuteOfDay: Int
    public var hour: Int { minuteOfDay / 60 }

    public init(day: String, weekday: Int, minuteOfDay: Int) {
        self.day = day
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// `date` on the wall clock of `zone`: the zone's offset at that instant (daylight saving
    /// included), then plain arithmetic on the Gregorian calendar (`CivilDay`). The same as
    /// Foundation's calendar gives, at a fraction of its cost: the coordinator, and every open
    /// phone page, asks this on each change.
    public init(_ date: Date, in zone: TimeZone) {
        let local = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        let (days, second) = (local.floorDivided(by: 86_400), local.floorModulo(86_400))
        let ordinal = Self.epochOrdinal + days
        day = CivilDay.text(ordinal: ordinal)
        weekday = (ordinal % 7 + 7) % 7 + 1
        minuteOfDay = second / 60
    }

    /// 1970-01-01 as a `CivilDay` ordinal.
    static let epochOrdinal = CivilDay.ordinal(1970, 1, 1)

    /// The instant a local day starts, e.g. for "2026-11-29" in Asia/Ho_Chi_Minh: 2026-11-28T17:00Z.
    public static func startOfDay(_ day: String, in zone: TimeZone) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components), LocalTime(date, in: zone).day == day else { return nil }
        return date
    }

    /// The instant of a wall-clock time in the hall, written "2026-11-30 07:30" (seconds and a
    /// `T` separator allowed), or nil when the text is not such a time.
    public static func instant(_ text: String, in zone: TimeZone) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }

    /// "2026-11-30 07:30:00" on the hall's wall clock, for sentences.
    public static func describe(_ date: Date, in zone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }
}

extension Date {
    /// Milliseconds since the Unix epoch: the resolution of every recorded time.
    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    public init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    /// This date rounded to the millisecond, so what is stored equals what is sent.
    public var roundedToMillisecond: Date { Date(milliseconds: milliseconds) }
}

extension Int {
    /// Division rounded towards minus infinity (-1 / 86,400 is -1: the day before the epoch).
    func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
    /// The remainder that goes with `floorDivided(by:)`: always in 0..<d.
    func floorModulo(_ d: Int) -> Int { ((self % d) + d) % d }
}
