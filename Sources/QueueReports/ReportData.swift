import QueueCore

/// Everything a report of local days `from…to` reads from one database: the rows (with labels
/// and the instants cancelled tickets ended), the clerks' dossiers since 1 January, last year's
/// handling times for the same period, the hall's identity and the config it recorded.
public struct ReportData: Sendable {
    /// The tally of the span's days that are summarised (`through` the last of them), merged
    /// from the daily tallies; nil when none are.
    public var tallied: (tally: ReportTally, through: String)?
    /// The rows of the span's other days (after `tallied.through`), or of every day, in (day, id)
    /// order: a day's rows together (its visits are counted in one piece).
    public var rows: [ReportTicket]
    /// The config recorded for each day of `rows`; a day not in it (or every day, when it is
    /// empty, as with `--config`) is counted against the config given to `tally`.
    public var dayConfigs: [String: HallConfig]
    public var yearToDate: [String: Int]
    /// Mean handling time per service over the same days a year before; nil when none were recorded.
    public var lastYear: Baseline?
    public var hallId: String?
    public var recordedConfig: HallConfig?
    /// Citizens' ratings of the span's visits, counted; nil where none are kept.
    public var ratings: [RatingCount]?
    /// The span's bookings and waits of booked citizens and walk-ins; nil where none are kept.
    public var appointments: AppointmentCounts?

    public init(tallied: (tally: ReportTally, through: String)? = nil, rows: [ReportTicket], dayConfigs: [String: HallConfig] = [:],
                yearToDate: [String: Int], lastYear: Baseline?, hallId: String?, recordedConfig: HallConfig?, ratings: [RatingCount]? = nil,
                appointments: AppointmentCounts? = nil) {
        self.tallied = tallied
        self.rows = rows
        self.dayConfigs = dayConfigs
        self.yearToDate = yearToDate
        self.lastYear = lastYear
        self.hallId = hallId
        self.recordedConfig = recordedConfig
        self.ratings = ratings
        self.appointments = appointments
    }

    /// Whether the span holds any ticket.
    public var isEmpty: Bool { rows.isEmpty && (tallied?.tally.isEmpty ?? true) }

    /// The span's tally: the summarised days' merged with the other days' rows. Every day is
    /// counted against the config recorded for it (`dayConfigs`, as the summarised days were),
    /// else against `config`.
    public func tally(config: HallConfig, now: Int64?) -> ReportTally {
        var tally = tallied?.tally ?? ReportTally()
        // Runs of days under one config (rows are in day order): one run, the whole array, unless
        // the config changed within the span.
        var start = rows.startIndex
        while start < rows.endIndex {
            let runConfig = dayConfigs[rows[start].day] ?? config
            var end = start + 1
            while end < rows.endIndex, rows[end].day == rows[end - 1].day || (dayConfigs[rows[end].day] ?? config) == runConfig { end += 1 }
            tally.add(start == rows.startIndex && end == rows.endIndex ? rows : Array(rows[start..<end]), config: runConfig, now: now)
            start = end
        }
        return tally
    }

    /// The report of `from…to`.
    public func report(config: HallConfig, from: String, to: String, context: ReportContext) -> HallReport {
        HallReport.make(tally: tally(config: config, now: context.now), config: config, from: from, to: to, context: context)
    }

    /// The context for `HallReport.make`: an entered baseline wins over last year's.
    public func context(baseline entered: Baseline? = nil, intervalMinutes: Int = 60, now: Int64? = nil) -> ReportContext {
        ReportContext(yearToDate: yearToDate, baseline: entered ?? lastYear, intervalMinutes: intervalMinutes, now: now, ratings: ratings,
                      appointments: appointments)
    }
}
