import QueueCore

/// One hall's wait report over a day or a span of days: the totals, one row per day, and the
/// breakdowns by service, counter, clerk and hour of day, each figure beside its target. A plain
/// value made by `HallReport.make` from ticket rows and the hall config; the renderers turn it
/// into text, CSV, JSON or HTML. The JSON form is this struct (schema "queue-report/1").
public struct HallReport: Codable, Equatable, Sendable {
    public var schema = "queue-report/1"
    public var hall: HallInfo
    /// First and last local day, "YYYY-MM-DD", inclusive.
    public var from: String
    public var to: String
    public var targets: Targets
    public var total: Figures
    public var days: [Group]
    public var services: [Group]
    public var counters: [Group]
    /// By the local hour the ticket was issued: arrivals are `figures.issued`.
    public var hours: [Group]
    public var clerks: [ClerkLine]
    /// Hall-level waits of called tickets in 5-minute bins; the last bin is open-ended.
    public var waitHistogram: [Bin]
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

    public init(key: String, name: String, figures: Figures) {
        self.key = key
        self.name = name
        self.figures = figures
    }
}

/// A clerk's dossiers and pace: dossiers received (served tickets) per working day, times the
/// working days of a year, against the yearly target.
public struct ClerkLine: Codable, Equatable, Sendable {
    public var clerk: String
    /// Local days on which the clerk called at least one ticket.
    public var workingDays: Int
    /// Served tickets: dossiers received.
    public var received: Int
    /// received ÷ workingDays × working days per year.
    public var pace: Double
    public var paceTarget: Int
    public var paceMet: Bool
    public var figures: Figures
}

/// A histogram bin of waits: [fromMinute, toMinute) minutes; `toMinute` nil is open-ended.
public struct Bin: Codable, Equatable, Sendable {
    public var fromMinute: Int
    public var toMinute: Int?
    public var count: Int
}
