import QueueCore

/// One hall's wait report over a day or a span of days: the headline per visit (citizen), the
/// service legs (ticket rows) beside it, one row per day and weekday, the breakdowns by service,
/// counter, clerk and time of day, each clerk's pace against the year, the dossiers over their
/// ceiling, and handling times against a baseline. A plain value made by `HallReport.make` from
/// ticket rows and the hall config; the renderers turn it into text, CSV, JSON or HTML. The JSON
/// form is this struct (schema "queue-report/2").
public struct HallReport: Codable, Equatable, Sendable {
    public var schema = "queue-report/2"
    public var hall: HallInfo
    /// First and last local day, "YYYY-MM-DD", inclusive.
    public var from: String
    public var to: String
    public var targets: Targets
    /// The headline: per citizen's visit.
    public var visits: VisitFigures
    /// Per service leg (ticket row); each leg's wait from joining its queue.
    public var total: Figures
    public var days: [Group]
    /// Monday first; only weekdays with tickets.
    public var weekdays: [Group]
    public var services: [Group]
    public var counters: [Group]
    /// Width of `intervals`, minutes (15, 30 or 60).
    public var intervalMinutes: Int
    /// By the local time of day the visit began ("08:15"): arrivals are `visits.visits`.
    public var intervals: [Group]
    public var clerks: [ClerkLine]
    public var overTarget: OverTarget
    public var handling: [HandlingLine]
    /// What `handling` compares with ("2025-11-30 – 2025-12-04", "entered"); nil: no baseline.
    public var baselineLabel: String?
    /// Waits of visits that were called, in 5-minute bins; the last bin is open-ended.
    public var waitHistogram: [Bin]
    /// Citizens' ratings of their visits (phone page, counter board): the hall, then each service, then
    /// each clerk; empty when none were given. Nil where ratings are not kept (an older
    /// coordinator or database).
    public var ratings: [RatingLine]? = nil
    /// Booked appointments: the span's bookings and the booked citizens' waits beside the
    /// walk-ins'. Nil where bookings are not kept (the city, a database from before them) or
    /// none were made.
    public var appointments: AppointmentFigures? = nil
}

/// Who the report is about.
public struct HallInfo: Codable, Equatable, Sendable {
    public var name: String
    /// "province", "city", "district", "commune", …: roll-ups group by it.
    public var level: String
    public var timeZone: String

    public init(name: String, level: String, timeZone: String) {
        self.name = name
        self.level = level
        self.timeZone = timeZone
    }
}

/// One row of a breakdown: a day ("2026-11-30"), a service ("A", "Đất đai"), a counter ("5",
/// "Quầy 5") or an hour ("08", "08:00–09:00").
public struct Group: Codable, Equatable, Sendable {
    public var key: String
    public var name: String
    public var figures: Figures
    /// Per visit, for groups of whole visits (days, weekdays, times of day); nil for legs'
    /// groups (services, counters, clerks).
    public var visits: VisitFigures?

    public init(key: String, name: String, figures: Figures, visits: VisitFigures? = nil) {
        self.key = key
        self.name = name
        self.figures = figures
        self.visits = visits
    }
}

/// A clerk's dossiers and pace against the year: dossiers received so far this year against the
/// pro-rata target (the yearly target × working days elapsed ÷ working days in the year, from the
/// hall's calendar), and the projection to the year's end. The span's own count is shown against
/// the span's share of the yearly target (a single day: the yearly target ÷ working days).
public struct ClerkLine: Codable, Equatable, Sendable {
    public var clerk: String
    /// Local days in the span on which the clerk called at least one ticket.
    public var workingDays: Int
    /// Served rows in the span: dossiers received.
    public var received: Int
    /// The span's share of the yearly target: target × hall working days in the span ÷ in the year.
    public var spanTarget: Double
    /// Dossiers received from 1 January to the span's last day.
    public var yearToDate: Int
    /// Hall working days from 1 January to the span's last day, and in the whole year.
    public var daysElapsed: Int
    public var daysInYear: Int
    /// paceTarget × daysElapsed ÷ daysInYear.
    public var proRataTarget: Double
    /// yearToDate ÷ daysElapsed × daysInYear.
    public var projection: Double
    public var paceTarget: Int
    /// yearToDate ≥ proRataTarget.
    public var paceMet: Bool
    public var figures: Figures
}

/// A histogram bin of waits: [fromMinute, toMinute) minutes; `toMinute` nil is open-ended.
public struct Bin: Codable, Equatable, Sendable {
    public var fromMinute: Int
    public var toMinute: Int?
    public var count: Int
}
