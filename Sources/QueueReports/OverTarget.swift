/// The dossiers whose service (start to end) ran over their service's configured ceiling (the
/// city's 30 minutes per dossier unless a service sets its own), named one by one, and counted
/// per service, clerk and hour of the start.
public struct OverTarget: Codable, Equatable, Sendable {
    /// Every dossier over its ceiling in the period.
    public var total: Int
    /// The longest `listLimit` of them at most, in order of start: a year's list would otherwise
    /// be tens of thousands of lines (`queuectl export` has every ticket).
    public var dossiers: [Dossier]
    public static let listLimit = 500
    public var byService: [Count]
    public var byClerk: [Count]
    /// By the local hour the service started ("08").
    public var byHour: [Count]

    public struct Dossier: Codable, Equatable, Sendable {
        public var id: Int64
        public var label: String
        public var service: String
        public var clerk: String?
        public var counter: Int?
        /// Service start and end, ms since the epoch.
        public var start: Int64
        public var end: Int64
        /// Seconds, to the millisecond.
        public var duration: Double
        /// The service's ceiling, seconds, as configured.
        public var ceiling: Double
    }

    /// `count` of the group's `of` dossiers with a service time were over their ceiling.
    public struct Count: Codable, Equatable, Sendable {
        public var key: String
        public var name: String
        public var count: Int
        public var of: Int
    }
}

/// A service's mean handling time (service start to end) in the period beside its ceiling and
/// beside a baseline: the plan's "30 minutes per record" read as a cut against before.
public struct HandlingLine: Codable, Equatable, Sendable {
    public var service: String
    public var name: String
    /// Dossiers with a service time.
    public var dossiers: Int
    /// Seconds; nil with no dossier.
    public var mean: Double?
    /// The service's configured ceiling per dossier, seconds.
    public var ceiling: Double
    /// Dossiers over the ceiling.
    public var over: Int
    /// The baseline's mean, seconds, when there is one for this service.
    public var baseline: Double?
    /// mean − baseline, seconds: negative is a cut.
    public var change: Double? {
        guard let mean, let baseline else { return nil }
        return mean - baseline
    }
}
