import QueueCore

/// Every figure of one group of service legs (ticket rows): a day, a service, a counter, a clerk,
/// a time of day, a hall, or all of them. Counts are of rows (a transfer ends one row and opens
/// another); times are summaries in seconds. The headline per citizen is `VisitFigures`.
/// Definitions: docs/REPORTS.md.
public struct Figures: Codable, Equatable, Sendable {
    /// Ticket rows in the group.
    public var tickets = 0
    /// New numbers given out (rows not opened by a transfer).
    public var issued = 0
    /// Rows opened by a transfer from another service.
    public var transferredIn = 0
    /// Rows called at least once.
    public var called = 0
    public var served = 0
    public var noShow = 0
    /// Rows sent on to another service.
    public var transferred = 0
    public var cancelled = 0
    /// Rows still open when the day closed (or still open now, for a day not yet closed).
    public var openAtClose = 0
    /// Rows still open when the day closed whose service (or counter) the config had dropped.
    public var stranded = 0
    /// First call − joining the leg's queue (the issue, or the hand-over of a transfer).
    public var wait: Summary?
    /// Service start − last call.
    public var walk: Summary?
    /// Service end − service start.
    public var service: Summary?
    /// Service end − issue, for served rows.
    public var total: Summary?
    /// Called rows whose wait was at most their service's wait target.
    public var withinTarget = Share(count: 0, of: 0)
    /// The target the mean wait is held against, seconds.
    public var waitTarget: Double?
    /// The ceiling the mean service time is held against, seconds: the service's own, as
    /// configured; nil for a group whose dossiers have different ceilings (never blended: see
    /// `HallReport.overTarget` for the dossiers over theirs).
    public var serviceTarget: Double?

    public init() {}

    /// Mean wait at or under its target; nil when nothing was called.
    public var meanWaitMet: Bool? {
        guard let wait, let waitTarget else { return nil }
        return wait.mean <= waitTarget
    }

    /// Mean service time at or under its target; nil when nothing was served.
    public var serviceMet: Bool? {
        guard let service, let serviceTarget else { return nil }
        return service.mean <= serviceTarget
    }
}

/// Collects a group's rows into `Figures`: counts, and one-second histograms of its durations.
/// Tallies of days merge exactly (`merge`), so a span's figures can be made from its days'.
struct FiguresBuilder: Equatable, Sendable {
    var f = Figures()
    var waits = SecondHistogram()
    var walks = SecondHistogram()
    var services = SecondHistogram()
    var totals = SecondHistogram()
    /// The service ceilings met (two at most: one means the group has a single ceiling to show).
    var serviceTargets = Set<Int64>()

    mutating func add(_ t: ReportTicket, waitTarget: Int64, serviceTarget: Int64) {
        let waitFrom = t.queuedAt
        f.tickets += 1
        if t.transferredFrom == nil { f.issued += 1 } else { f.transferredIn += 1 }
        switch t.outcome {
        case .served?: f.served += 1
        case .noShow?: f.noShow += 1
        case .transferred?: f.transferred += 1
        case .cancelled?: f.cancelled += 1
        case .openAtClose?, nil: f.openAtClose += 1
        case .stranded?: f.stranded += 1
        }
        if let call = t.firstCalledAt {
            f.called += 1
            let wait = call - waitFrom
            waits.add(milliseconds: wait)
            if wait <= waitTarget { f.withinTarget.count += 1 }
        }
        if let start = t.serviceStartedAt, let call = t.lastCalledAt { walks.add(milliseconds: start - call) }
        if let start = t.serviceStartedAt, let end = t.serviceEndedAt {
            services.add(milliseconds: end - start)
            if serviceTargets.count < 2 { serviceTargets.insert(serviceTarget) }
        }
        if t.outcome == .served, let end = t.serviceEndedAt { totals.add(milliseconds: end - t.issuedAt) }
    }

    var isEmpty: Bool { f.tickets == 0 }

    mutating func merge(_ o: FiguresBuilder) {
        f.tickets += o.f.tickets
        f.issued += o.f.issued
        f.transferredIn += o.f.transferredIn
        f.called += o.f.called
        f.served += o.f.served
        f.noShow += o.f.noShow
        f.transferred += o.f.transferred
        f.cancelled += o.f.cancelled
        f.openAtClose += o.f.openAtClose
        f.stranded += o.f.stranded
        f.withinTarget.count += o.f.withinTarget.count
        waits.merge(o.waits)
        walks.merge(o.walks)
        services.merge(o.services)
        totals.merge(o.totals)
        for t in o.serviceTargets where serviceTargets.count < 2 { serviceTargets.insert(t) }
    }

    func finish(waitTarget: Double) -> Figures {
        var out = f
        out.withinTarget.of = f.called
        out.wait = Summary(waits)
        out.walk = Summary(walks)
        out.service = Summary(services)
        out.total = Summary(totals)
        out.waitTarget = waitTarget
        out.serviceTarget = serviceTargets.count == 1 ? Double(serviceTargets.first!) / 1000 : nil
        return out
    }
}
