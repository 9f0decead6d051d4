import Foundation
import QueueCore

/// The hall's calendar as reports need it: which local days are working days (a weekday with
/// opening sessions in the config), how many a year has and how many have passed, and when the
/// hall closed on a day. A closed day of the config (a public holiday, Tết) is not a working day.
struct HallCalendar {
    let hours: OpeningHours
    let zone: TimeZone
    private var closing: [String: Int64] = [:]

    init(config: HallConfig) {
        hours = config.hall.hours
        zone = TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)!
    }


    func isWorkingDay(_ day: String) -> Bool {
        guard let w = CivilDay.weekday(day) else { return false }
        return !hours.sessions(on: day, weekday: w).isEmpty
    }

    private func isWorkingWeekday(_ day: String) -> Bool {
        CivilDay.weekday(day).map { !hours.sessions(onWeekday: $0).isEmpty } ?? false
    }

    /// Working days from `from` to `to`, both included.
    func workingDays(from: String, to: String) -> Int {
        guard let a = CivilDay.parts(from), let b = CivilDay.parts(to) else { return 0 }
        let first = CivilDay.ordinal(a.0, a.1, a.2), last = CivilDay.ordinal(b.0, b.1, b.2)
        guard last >= first else { return 0 }
        let perWeekday = (1...7).map { hours.sessions(onWeekday: $0).isEmpty ? 0 : 1 }
        var n = 0
        for o in first...last { n += perWeekday[(o % 7 + 7) % 7] }
        // Less the closed days in the span that fall on an opening weekday.
        return n - hours.closedDays.filter { $0 >= from && $0 <= to && isWorkingWeekday($0) }.count
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
        let end = hours.sessions(on: day, weekday: CivilDay.weekday(day) ?? 1).map(\.end).max() ?? 24 * 60
        var instant: Date?
        if end < 24 * 60 {
            instant = LocalTime.instant("\(day) \(ClockText.text(end))", in: zone)
        } else if let start = LocalTime.startOfDay(day, in: zone) {
            instant = LocalTime.startOfDay(LocalTime(start + 30 * 3600, in: zone).day, in: zone)
        }
        closing[day] = instant?.milliseconds
        return instant?.milliseconds
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
        let p = CivilDay.parts(day) ?? (2000, 1, 1)
        let o = CivilDay.ordinal(p.0, p.1, p.2)
        let monday = o - (o % 7 + 7) % 7
        let lastOfMonth = (28...31).last { CivilDay.isReal(p.0, p.1, $0) } ?? 28
        return ((CivilDay.text(ordinal: monday), CivilDay.text(ordinal: monday + 6)), (CivilDay.text(p.0, p.1, 1), CivilDay.text(p.0, p.1, lastOfMonth)),
                (CivilDay.text(p.0, 1, 1), CivilDay.text(p.0, 12, 31)))
    }

}
