import QueueCore

/// What a report needs beyond the span's own rows: figures from outside the span that the
/// reader looks up (a clerk's dossiers since 1 January, last year's handling times), and how
/// finely to cut the day. Plain values, so `HallReport.make` stays pure.
public struct ReportContext: Codable, Equatable, Sendable {
    /// Dossiers received (served rows) per clerk from 1 January of the last day's year to the
    /// last day, inclusive. Nil: counted from the span's rows (exact when the span starts on or
    /// before 1 January).
    public var yearToDate: [String: Int]?
    /// Each service's mean handling time (service start to end) in the period compared with, seconds.
    public var baseline: Baseline?
    /// Width of the time-of-day breakdown, minutes: 15, 30 or 60.
    public var intervalMinutes: Int
    /// For rows still open (a day not yet closed): the moment the report is made, ms. Their
    /// wait counts until then, or until closing if that is earlier.
    public var now: Int64?
    /// Citizens' ratings of the span's visits, counted; nil where ratings are not kept (a
    /// database from before them).
    public var ratings: [RatingCount]?
    /// The span's bookings and the booked citizens' and walk-ins' waits (read with SQL, as
    /// ratings are); nil where bookings are not kept.
    public var appointments: AppointmentCounts?

    public init(yearToDate: [String: Int]? = nil, baseline: Baseline? = nil, intervalMinutes: Int = 60, now: Int64? = nil,
                ratings: [RatingCount]? = nil, appointments: AppointmentCounts? = nil) {
        self.yearToDate = yearToDate
        self.baseline = baseline
        self.intervalMinutes = intervalMinutes
        self.now = now
        self.ratings = ratings
        self.appointments = appointments
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        yearToDate = try c.decodeIfPresent([String: Int].self, forKey: .yearToDate)
        baseline = try c.decodeIfPresent(Baseline.self, forKey: .baseline)
        intervalMinutes = try c.decode(Int.self, forKey: .intervalMinutes)
        now = try c.decodeIfPresent(Int64.self, forKey: .now)
        ratings = try c.decodeIfPresent([RatingCount].self, forKey: .ratings)
        appointments = try c.decodeIfPresent(AppointmentCounts.self, forKey: .appointments)
    }
}

/// Mean handling times to compare against: the same period a year before, or figures a manager
/// entered. `label` says which ("2025-11-30 – 2025-12-04", "entered").
public struct Baseline: Codable, Equatable, Sendable {
    public var label: String
    /// Service id → mean handling time, seconds.
    public var meanService: [String: Double]

    public init(label: String, meanService: [String: Double]) {
        self.label = label
        self.meanService = meanService
    }
}

extension Baseline {
    /// Means a manager entered, "A=45,C=20.5" (minutes per service id); nil when it is not that.
    public static func parse(_ text: String) -> Baseline? {
        var means: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty, let minutes = Double(kv[1]), minutes >= 0, minutes.isFinite else { return nil }
            means[kv[0].uppercased()] = minutes * 60
        }
        return means.isEmpty ? nil : Baseline(label: "entered", meanService: means)
    }

    /// The form `parse` reads, for an entered baseline sent on.
    public var text: String {
        meanService.keys.sorted().map { "\($0)=\(meanService[$0]! / 60)" }.joined(separator: ",")
    }
}
