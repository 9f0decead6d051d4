/// A local calendar day, "YYYY-MM-DD", as plain arithmetic on the proleptic Gregorian calendar:
/// no time zone, no Foundation calendar. Opening hours (closed days) and reports (working days,
/// weeks and months) count days with it.
public enum CivilDay {
    /// (year, month, day) of a valid "YYYY-MM-DD"; nil for anything else.
    public static func parts(_ day: String) -> (Int, Int, Int)? {
        let p = day.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              p.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), y >= 1, isReal(y, m, d) else { return nil }
        return (y, m, d)
    }

    public static func isReal(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(m) && d >= 1 && d <= days[m - 1]
    }

    /// Days since 0001-01-01 (day 0, a Monday).
    public static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let mm = m <= 2 ? m + 9 : m - 3
        let era = yy / 400, yoe = yy - era * 400
        let doy = (153 * mm + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        // Days since 0000-03-01, shifted so 0001-01-01 is 0.
        return era * 146_097 + doe - 306
    }

    /// The "YYYY-MM-DD" of a day ordinal (days since 0001-01-01): the inverse of `ordinal`.
    public static func text(ordinal: Int) -> String {
        let z = ordinal + 306
        let era = z / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return text(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func text(_ y: Int, _ m: Int, _ d: Int) -> String {
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
    }

    private static func two(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }

    /// `day` moved by `days` (negative: back); nil when `day` is not a day.
    public static func adding(_ days: Int, to day: String) -> String? {
        parts(day).map { text(ordinal: ordinal($0.0, $0.1, $0.2) + days) }
    }

    /// 1 = Monday … 7 = Sunday.
    public static func weekday(_ day: String) -> Int? {
        parts(day).map { (ordinal($0.0, $0.1, $0.2) % 7 + 7) % 7 + 1 }
    }

    /// The same day a year before ("2026-11-30" → "2025-11-30"; 29 February → 28 February).
    public static func yearBefore(_ day: String) -> String {
        guard let year = Int(day.prefix(4)) else { return day }
        let rest = String(day.dropFirst(4))
        let y = String(String(year - 1 + 10_000).suffix(4))
        if rest == "-02-29" { return y + "-02-28" }
        return y + rest
    }
}
