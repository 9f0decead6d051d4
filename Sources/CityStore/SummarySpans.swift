import QueueCore

/// A run of local days, both ends included ("2026-01-01"…"2026-12-31"), as the city keeps its
/// summaries: a whole year, a whole month or a single day.
public struct DaySpan: Hashable, Sendable, CustomStringConvertible {
    public var first: String
    public var last: String

    public init(_ first: String, _ last: String) {
        self.first = first
        self.last = last
    }

    public var isDay: Bool { first == last }
    public var description: String { isDay ? first : "\(first)…\(last)" }

    /// `from…to` cut into the fewest summary spans: whole years, then whole months, then days,
    /// so a year's report reads one summary per hall. Empty when `to` is before `from` or either
    /// is not a day.
    public static func pieces(from: String, to: String) -> [DaySpan] {
        guard var (y, m, d) = CivilDay.parts(from), CivilDay.parts(to) != nil else { return [] }
        var out: [DaySpan] = []
        while CivilDay.text(y, m, d) <= to {
            let day = CivilDay.text(y, m, d)
            let yearEnd = CivilDay.text(y, 12, 31), monthEnd = CivilDay.text(y, m, daysIn(y, m))
            if m == 1, d == 1, yearEnd <= to {
                out.append(DaySpan(day, yearEnd))
                (y, m, d) = (y + 1, 1, 1)
            } else if d == 1, monthEnd <= to {
                out.append(DaySpan(day, monthEnd))
                (y, m, d) = m == 12 ? (y + 1, 1, 1) : (y, m + 1, 1)
            } else {
                out.append(DaySpan(day, day))
                (y, m, d) = CivilDay.parts(CivilDay.adding(1, to: day)!)!
            }
        }
        return out
    }

    /// The spans a summary of this one is merged from: a year's months, a month's days; none for a day.
    public var parts: [DaySpan] {
        guard !isDay, let (y, m, _) = CivilDay.parts(first) else { return [] }
        if first.hasSuffix("-01-01"), last == CivilDay.text(y, 12, 31) {
            return (1...12).map { DaySpan(CivilDay.text(y, $0, 1), CivilDay.text(y, $0, Self.daysIn(y, $0))) }
        }
        return (1...Self.daysIn(y, m)).map { DaySpan(CivilDay.text(y, m, $0), CivilDay.text(y, m, $0)) }
    }

    /// The month and the year holding `day`.
    public static func enclosing(_ day: String) -> (month: DaySpan, year: DaySpan)? {
        guard let (y, m, _) = CivilDay.parts(day) else { return nil }
        return (DaySpan(CivilDay.text(y, m, 1), CivilDay.text(y, m, daysIn(y, m))), DaySpan(CivilDay.text(y, 1, 1), CivilDay.text(y, 12, 31)))
    }

    static func daysIn(_ y: Int, _ m: Int) -> Int {
        (28...31).last { CivilDay.isReal(y, m, $0) }!
    }
}
