import QueueCore

/// Everything a report counts, before it is turned into figures: per group (the span, each day,
/// weekday, service, counter, clerk and quarter hour), the legs' and the visits' counts and
/// one-second histograms, each clerk's working days, the dossiers over their ceiling (the 500
/// longest, with every count) and the waits' 5-minute bins. Tallies merge exactly: a coordinator
/// keeps one per closed day (`day_tally`), and a year's report merges its days' tallies instead
/// of reading a million rows. `HallReport.make(tally:…)` finishes one into a report.
public struct ReportTally: Equatable, Sendable {
    /// The time-of-day breakdown is kept per quarter hour; 30- and 60-minute reports add them up.
    static let quarter = 15

    var total = FiguresBuilder()
    /// Each day's own figures, finished: a day is never merged with another.
    var days: [String: DayFigures] = [:]
    /// 1 Monday … 7 Sunday.
    var weekdays: [Int: FiguresBuilder] = [:]
    var services: [String: FiguresBuilder] = [:]
    var counters: [Int: FiguresBuilder] = [:]
    /// Quarter hour of the local day (0 = 00:00–00:15) the leg was issued in.
    var quarters: [Int: FiguresBuilder] = [:]
    var clerks: [String: FiguresBuilder] = [:]
    /// Local days on which each clerk called at least one ticket.
    var clerkDays: [String: Set<String>] = [:]
    var over = OverTargetBuilder()
    var visits = VisitFiguresBuilder()
    var visitWeekdays: [Int: VisitFiguresBuilder] = [:]
    var visitQuarters: [Int: VisitFiguresBuilder] = [:]
    /// Waits of visits that reached a counter, in `HallReport.binMinutes` bins; the last is open-ended.
    var bins = [Int](repeating: 0, count: HallReport.lastBinFrom / HallReport.binMinutes + 1)

    public init() {}

    /// No ticket counted.
    public var isEmpty: Bool { total.isEmpty }

    /// Counts `tickets` (whole days: a visit's legs are on one day), measured against `config`'s
    /// targets and calendar. `now` (ms): for a day not yet closed, a citizen still waiting has
    /// waited until then at most.
    public mutating func add(_ tickets: [ReportTicket], config: HallConfig, now: Int64? = nil) {
        var calendar = HallCalendar(config: config)
        var clock = LocalHours(zone: calendar.zone)
        let targets = ServiceTargets(config)
        var dayLegs: [String: FiguresBuilder] = [:], dayVisits: [String: VisitFiguresBuilder] = [:]

        // Service legs.
        for t in tickets {
            let tg = targets[t.service]
            func add(_ b: inout FiguresBuilder) { b.add(t, waitTarget: tg.wait, serviceTarget: tg.service) }
            add(&total)
            add(&dayLegs[t.day, default: FiguresBuilder()])
            add(&weekdays[CivilDay.weekday(t.day) ?? 1, default: FiguresBuilder()])
            add(&services[t.service, default: FiguresBuilder()])
            add(&quarters[clock.minuteOfDay(t.issuedAt) / Self.quarter, default: FiguresBuilder()])
            if let c = t.counter { add(&counters[c, default: FiguresBuilder()]) }
            if let clerk = t.clerk {
                add(&clerks[clerk, default: FiguresBuilder()])
                if t.firstCalledAt != nil { clerkDays[clerk, default: []].insert(t.day) }
            }
            if let start = t.serviceStartedAt, let end = t.serviceEndedAt {
                over.add(t, start: start, end: end, ceiling: tg.service, hour: clock.hour(start))
            }
        }

        // Visits.
        for v in Visit.chains(tickets) {
            var closing = calendar.closingTime(v.first.day)
            // A day not yet closed: a citizen still waiting (or one whose cancellation instant is
            // not known) has waited at most until now.
            if v.last.outcome == nil || (v.last.outcome == .cancelled && v.last.endedAt == nil), let now {
                closing = closing.map { min($0, now) } ?? now
            }
            let wait = v.wait(closing: closing)
            let tw = targets[v.first.service].wait
            visits.add(v, wait: wait, waitTarget: tw)
            dayVisits[v.first.day, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            visitWeekdays[CivilDay.weekday(v.first.day) ?? 1, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            visitQuarters[clock.minuteOfDay(v.first.issuedAt) / Self.quarter, default: VisitFiguresBuilder()].add(v, wait: wait, waitTarget: tw)
            if v.reachedACounter, let wait {
                bins[min(Int(wait / 60_000) / HallReport.binMinutes, bins.count - 1)] += 1
            }
        }
        over.trim()
        for (day, legs) in dayLegs {
            days[day] = DayFigures(legs: legs.finish(waitTarget: 0), visits: (dayVisits[day] ?? VisitFiguresBuilder()).finish(waitTarget: 0))
        }
    }

    /// The part a roll-up reads (`RollupReport`): the legs and visits in total, the services,
    /// the clerks and the days they worked. What the city keeps per hall and span; a hall's own
    /// report needs the rest (days, counters, times of day, the dossiers over their ceiling).
    public var forRollup: ReportTally {
        var t = ReportTally()
        t.total = total
        t.visits = visits
        t.services = services
        t.clerks = clerks
        t.clerkDays = clerkDays
        return t
    }

    /// Dossiers received (served rows) per clerk.
    public var servedByClerk: [String: Int] { clerks.mapValues(\.f.served) }

    /// Adds another span's tally (days not in this one).
    public mutating func merge(_ o: ReportTally) {
        func mergeAll<K>(_ mine: inout [K: FiguresBuilder], _ theirs: [K: FiguresBuilder]) {
            for (k, b) in theirs { mine[k, default: FiguresBuilder()].merge(b) }
        }
        func mergeAll<K>(_ mine: inout [K: VisitFiguresBuilder], _ theirs: [K: VisitFiguresBuilder]) {
            for (k, b) in theirs { mine[k, default: VisitFiguresBuilder()].merge(b) }
        }
        total.merge(o.total)
        days.merge(o.days) { mine, _ in mine }
        mergeAll(&weekdays, o.weekdays)
        mergeAll(&services, o.services)
        mergeAll(&counters, o.counters)
        mergeAll(&quarters, o.quarters)
        mergeAll(&clerks, o.clerks)
        for (clerk, d) in o.clerkDays { clerkDays[clerk, default: []].formUnion(d) }
        over.merge(o.over)
        visits.merge(o.visits)
        mergeAll(&visitWeekdays, o.visitWeekdays)
        mergeAll(&visitQuarters, o.visitQuarters)
        for i in bins.indices where i < o.bins.count { bins[i] += o.bins[i] }
    }
}

/// A day's figures, legs and visits, finished (their wait target is set when a report shows them).
struct DayFigures: Equatable, Sendable {
    var legs: Figures
    var visits: VisitFigures
}

/// Each service's wait target and service ceiling in ms; a service no longer in the config is
/// held to the city's defaults (15 and 30 minutes).
struct ServiceTargets {
    private let targets: [String: (wait: Int64, service: Int64)]
    static let fallback = (wait: Int64(15 * 60_000), service: Int64(30 * 60_000))

    init(_ config: HallConfig) {
        targets = Dictionary(uniqueKeysWithValues: config.services.map {
            ($0.id, (wait: Int64(($0.waitTarget * 1000).rounded()), service: Int64(($0.serviceTarget * 1000).rounded())))
        })
    }

    subscript(_ service: String) -> (wait: Int64, service: Int64) { targets[service] ?? Self.fallback }
}

/// Collects the dossiers over their ceiling and the counts per service, clerk and hour. It keeps
/// the `OverTarget.listLimit` longest (trimmed after each day), which is enough to merge: the
/// span's longest are among its days' longest.
struct OverTargetBuilder: Equatable, Sendable {
    struct Tally: Equatable, Sendable {
        var count = 0
        var of = 0
    }
    var dossiers: [OverTarget.Dossier] = []
    var total = 0
    var services: [String: Tally] = [:]
    var clerks: [String: Tally] = [:]
    var hours: [Int: Tally] = [:]

    mutating func add(_ t: ReportTicket, start: Int64, end: Int64, ceiling: Int64, hour: Int) {
        let n = end - start > ceiling ? 1 : 0
        services[t.service, default: Tally()].count += n
        services[t.service, default: Tally()].of += 1
        if let clerk = t.clerk {
            clerks[clerk, default: Tally()].count += n
            clerks[clerk, default: Tally()].of += 1
        }
        hours[hour, default: Tally()].count += n
        hours[hour, default: Tally()].of += 1
        if n == 1 {
            total += 1
            dossiers.append(.init(id: t.id, label: t.label, service: t.service, clerk: t.clerk, counter: t.counter, start: start, end: end,
                                  duration: Double(end - start) / 1000, ceiling: Double(ceiling) / 1000))
        }
    }

    mutating func merge(_ o: OverTargetBuilder) {
        dossiers += o.dossiers
        total += o.total
        for (k, v) in o.services { services[k, default: Tally()].count += v.count; services[k, default: Tally()].of += v.of }
        for (k, v) in o.clerks { clerks[k, default: Tally()].count += v.count; clerks[k, default: Tally()].of += v.of }
        for (k, v) in o.hours { hours[k, default: Tally()].count += v.count; hours[k, default: Tally()].of += v.of }
        trim()
    }

    /// Keeps the longest `listLimit` (the longer first, then the earlier id).
    mutating func trim() {
        guard dossiers.count > OverTarget.listLimit else { return }
        dossiers = Array(dossiers.sorted { ($0.duration, $1.id) > ($1.duration, $0.id) }.prefix(OverTarget.listLimit))
    }

    func count(service: String) -> Int { services[service]?.count ?? 0 }

    func finish(config: HallConfig) -> OverTarget {
        OverTarget(
            total: total,
            dossiers: dossiers.sorted { ($0.duration, $1.id) > ($1.duration, $0.id) }.prefix(OverTarget.listLimit)
                .sorted { ($0.start, $0.id) < ($1.start, $1.id) },
            byService: services.keys.sorted().map { .init(key: $0, name: config.service($0)?.nameVi ?? $0, count: services[$0]!.count, of: services[$0]!.of) },
            byClerk: clerks.keys.sorted().map { .init(key: $0, name: $0, count: clerks[$0]!.count, of: clerks[$0]!.of) },
            byHour: hours.keys.sorted().map { h in
                .init(key: String(format: "%02d", h), name: String(format: "%02d:00–%02d:00", h, h + 1), count: hours[h]!.count, of: hours[h]!.of)
            })
    }
}
