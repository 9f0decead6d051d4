import Foundation
import QueueCore

/// The hall's calendar as reports need it: which local days are working days (a weekday with
/// opening sessions in the config), how many a year has and how many have passed, and when the
/// hall closed on a day. Holidays are not in the config, so a public holiday on a weekday counts
/// as a working day.
struct HallCalendar {
    let hours: OpeningHours
    let zone: TimeZone
    private var closing: [String: Int64] = [:]

    init(config: HallConfig) {
        hours = config.hall.hours
        zone = TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)!
    }

    /// 1 = Monday … 7 = Sunday of a "YYYY-MM-DD" day (a pure date: no time zone involved).
    static func weekday(_ day: String) -> Int? {
        guard let (y, m, d) = parts(day) else { return nil }
        // Zeller-style: days since 0001-01-01 (a Monday) in the proleptic Gregorian calendar.
        return (ordinal(y, m, d) % 7 + 7) % 7 + 1
    }

    func isWorkingDay(_ day: String) -> Bool {
        guard let w = Self.weekday(day) else { return false }
        return !hours.sessions(onWeekday: w).isEmpty
    }

    /// Working days from `from` to `to`, both included.
    func workingDays(from: String, to: String) -> Int {
        guard let a = Self.parts(from), let b = Self.parts(to) else { return 0 }
        let first = Self.ordinal(a.0, a.1, a.2), last = Self.ordinal(b.0, b.1, b.2)
        guard last >= first else { return 0 }
        let perWeekday = (1...7).map { hours.sessions(onWeekday: $0).isEmpty ? 0 : 1 }
        var n = 0
        for o in first...last { n += perWeekday[(o % 7 + 7) % 7] }
        return n
    }

    /// Working days in the calendar year of `day`.
    func workingDaysInYear(of day: String) -> Int {
        let year = String(day.prefix(4))
        return workingDays(from: "\(year)-01-01", to: "\(year)-12-31")
    }

    /// The instant (ms) the hall closed on `day`: the end of its last session, or the end of the
    /// day when it has none (a citizen still waiting then waited at least until that moment).
    mutating func closingTime(_ day: String) -> Int64? {
        if let c = closing[day] { return c }
        let end = hours.sessions(onWeekday: Self.weekday(day) ?? 1).map(\.end).max() ?? 24 * 60
        var instant: Date?
        if end < 24 * 60 {
            instant = LocalTime.instant("\(day) \(ClockText.text(end))", in: zone)
        } else if let start = LocalTime.startOfDay(day, in: zone) {
            instant = LocalTime.startOfDay(LocalTime(start + 30 * 3600, in: zone).day, in: zone)
        }
        closing[day] = instant?.milliseconds
        return instant?.milliseconds
    }

    static func parts(_ day: String) -> (Int, Int, Int)? {
        let p = day.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? (p[0], p[1], p[2]) : nil
    }

    /// Days since 0001-01-01 (day 0, a Monday).
    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let mm = m <= 2 ? m + 9 : m - 3
        let era = yy / 400, yoe = yy - era * 400
        let doy = (153 * mm + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        // Days since 0000-03-01, shifted so 0001-01-01 is 0.
        return era * 146_097 + doe - 306
    }
}

extension HallReport {
    /// A day's share of a clerk's yearly target: the target ÷ the hall's working days in that
    /// day's year (its calendar, not a fixed 250).
    public static func dailyShare(config: HallConfig, day: String) -> Double {
        Double(config.targets.dossiersPerClerkYear) / Double(max(1, HallCalendar(config: config).workingDaysInYear(of: day)))
    }

    /// The Monday to Sunday week, the month and the year holding `day`, as (from, to).
    public static func spans(around day: String) -> (week: (String, String), month: (String, String), year: (String, String)) {
        let p = HallCalendar.parts(day) ?? (2000, 1, 1)
        let o = HallCalendar.ordinal(p.0, p.1, p.2)
        let monday = o - (o % 7 + 7) % 7
        let lastOfMonth = (28...31).last { isReal(p.0, p.1, $0) } ?? 28
        return ((dayText(monday), dayText(monday + 6)), (text(p.0, p.1, 1), text(p.0, p.1, lastOfMonth)), (text(p.0, 1, 1), text(p.0, 12, 31)))
    }

    static func text(_ y: Int, _ m: Int, _ d: Int) -> String { String(format: "%04d-%02d-%02d", y, m, d) }

    static func isReal(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(m) && d >= 1 && d <= days[m - 1]
    }

    /// The "YYYY-MM-DD" of a day ordinal (days since 0001-01-01).
    static func dayText(_ ordinal: Int) -> String {
        // Inverse of HallCalendar.ordinal (civil-from-days).
        let z = ordinal + 306
        let era = z / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return text(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
