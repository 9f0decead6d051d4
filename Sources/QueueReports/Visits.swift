import QueueCore

/// One citizen's visit: the chain issue → (transfer →)* end, one ticket row per service leg.
/// Definitions: docs/REPORTS.md, "Visits".
struct Visit {
    /// The legs in order: the issued row first, then each row a transfer opened.
    var legs: [ReportTicket]
    var first: ReportTicket { legs[0] }
    var last: ReportTicket { legs[legs.count - 1] }

    /// Chains rows into visits by `transferredFrom`. A row whose parent is not among `rows` (a
    /// span that starts mid-chain cannot happen: a transfer keeps the day) starts its own visit.
    static func chains(_ rows: [ReportTicket]) -> [Visit] {
        var child: [Int64: Int] = [:]
        var ids = Set<Int64>()
        ids.reserveCapacity(rows.count)
        for r in rows { ids.insert(r.id) }
        for (i, r) in rows.enumerated() {
            if let parent = r.transferredFrom, ids.contains(parent) { child[parent] = i }
        }
        var visits: [Visit] = []
        visits.reserveCapacity(rows.count)
        for r in rows where r.transferredFrom.map({ !ids.contains($0) }) ?? true {
            var legs = [r]
            var at = r.id
            while let next = child[at], legs.count < 100 {
                legs.append(rows[next])
                at = rows[next].id
            }
            visits.append(Visit(legs: legs))
        }
        return visits
    }

    /// The last leg was called: the citizen reached a counter for their last service.
    var reachedACounter: Bool { last.firstCalledAt != nil }

    /// Time spent waiting in queues, ms: each leg from joining its queue (issue, or the
    /// hand-over of a transfer) to its first call. A last leg never called counts until the
    /// citizen left (`endedAt`) or the hall closed (`closing`): then the sum is a lower bound.
    func wait(closing: Int64?) -> Int64? {
        var sum: Int64 = 0
        for leg in legs {
            if let call = leg.firstCalledAt {
                sum += max(0, call - leg.queuedAt)
            } else {
                guard let end = leg.endedAt ?? closing else { return nil }
                sum += max(0, end - leg.queuedAt)
            }
        }
        return sum
    }
}

/// The headline figures: per visit (per citizen), not per ticket row.
public struct VisitFigures: Codable, Equatable, Sendable {
    /// Citizens: numbers given out.
    public var visits = 0
    /// Visits that went through at least one transfer.
    public var transferred = 0
    /// Visits whose last service was reached (the last leg called).
    public var called = 0
    /// By how the visit ended (its last leg's outcome).
    public var served = 0
    public var noShow = 0
    /// Gave up: cancelled while waiting.
    public var cancelled = 0
    /// Still waiting when the hall closed (or now, for a day not yet closed).
    public var openAtClose = 0
    /// Still waiting when the hall closed, at a service (or counter) the config had dropped.
    public var stranded = 0
    /// Waits of the visits that were called: the sum of their legs' queue waits.
    public var wait: Summary?
    /// Lower bounds of the waits of visits never called (until they left or the hall closed).
    public var waitNeverCalled: Summary?
    /// The mean wait of every visit, the never-called at their lower bound: the true mean is at
    /// least this. Seconds; nil when there is no visit.
    public var meanWaitAtLeast: Double?
    /// Visits called within the wait target of their first service, of all visits (a citizen
    /// never called was not called within it).
    public var withinTarget = Share(count: 0, of: 0)
    /// Issue to the end of service, for served visits.
    public var time: Summary?
    /// The hall's mean-wait target, seconds.
    public var waitTarget: Double?

    public init() {}

    /// Visits never called: gave up, or still waiting at closing.
    public var neverCalled: Int { visits - called }

    /// Mean wait at or under the target, counting the never-called at their lower bound.
    public var meanWaitMet: Bool? {
        guard let meanWaitAtLeast, let waitTarget else { return nil }
        return meanWaitAtLeast <= waitTarget
    }
}

struct VisitFiguresBuilder: Equatable, Sendable {
    var f = VisitFigures()
    var waits = SecondHistogram()
    var lowerBounds = SecondHistogram()
    var times = SecondHistogram()

    mutating func add(_ v: Visit, wait: Int64?, waitTarget: Int64) {
        f.visits += 1
        if v.legs.count > 1 { f.transferred += 1 }
        switch v.last.outcome {
        case .served?: f.served += 1
        case .noShow?: f.noShow += 1
        case .cancelled?: f.cancelled += 1
        case .transferred?, .openAtClose?, nil: f.openAtClose += 1
        case .stranded?: f.stranded += 1
        }
        if v.reachedACounter {
            f.called += 1
            if let wait {
                waits.add(milliseconds: wait)
                if wait <= waitTarget { f.withinTarget.count += 1 }
            }
        } else if let wait {
            lowerBounds.add(milliseconds: wait)
        }
        if v.last.outcome == .served, let end = v.last.serviceEndedAt { times.add(milliseconds: end - v.first.issuedAt) }
    }

    mutating func merge(_ o: VisitFiguresBuilder) {
        f.visits += o.f.visits
        f.transferred += o.f.transferred
        f.called += o.f.called
        f.served += o.f.served
        f.noShow += o.f.noShow
        f.cancelled += o.f.cancelled
        f.openAtClose += o.f.openAtClose
        f.stranded += o.f.stranded
        f.withinTarget.count += o.f.withinTarget.count
        waits.merge(o.waits)
        lowerBounds.merge(o.lowerBounds)
        times.merge(o.times)
    }

    func finish(waitTarget: Double) -> VisitFigures {
        var out = f
        out.withinTarget.of = f.visits
        out.wait = Summary(waits)
        out.waitNeverCalled = Summary(lowerBounds)
        out.time = Summary(times)
        let n = waits.count + lowerBounds.count
        out.meanWaitAtLeast = n == 0 ? nil : Double(waits.sumMilliseconds + lowerBounds.sumMilliseconds) / Double(n) / 1000
        out.waitTarget = waitTarget
        return out
    }
}
