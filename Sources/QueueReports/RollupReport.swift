import Foundation
import QueueCore

/// A report over several halls' databases, e.g. a district and its communes: one line per hall,
/// a subtotal per administrative level (the halls' own `level` labels, never a fixed list), the
/// service legs of each service across the halls, and a total. Subtotals and the total are
/// computed from the pooled ticket rows and visits, so their percentiles are exact too. JSON
/// schema "queue-rollup/3".
public struct RollupReport: Codable, Equatable, Sendable {
    public var schema = "queue-rollup/3"
    public var from: String
    public var to: String
    public var halls: [HallLine]
    public var levels: [LevelLine]
    /// Each service's legs across the halls (by its id, named as the first hall with it names
    /// it), in order of id.
    public var services: [ServiceLine]
    /// Per visit and per leg.
    public var visits: VisitFigures
    public var total: Figures
    /// The halls' ratings added up; nil when no hall keeps them.
    public var ratings: RatingLine? = nil

    /// One hall's totals and its clerks' pace against the year.
    public struct HallLine: Codable, Equatable, Sendable {
        public var hall: HallInfo
        public var visits: VisitFigures
        public var figures: Figures
        public var clerks: Int
        /// Clerks whose dossiers so far this year reach the pro-rata target.
        public var clerksOnPace: Int
        /// The mean of the clerks' projections to the year's end (0 with no clerks).
        public var meanProjection: Double
        public var paceTarget: Int
        /// Each clerk's line, as in the hall's own report.
        public var clerkLines: [ClerkLine]
        /// Citizens' ratings of the hall's visits (its own report's hall line); nil when none
        /// were given, or where they are not kept (a hall database from before them, the city).
        public var ratings: RatingLine? = nil
    }

    public struct LevelLine: Codable, Equatable, Sendable {
        public var level: String
        public var halls: Int
        public var visits: VisitFigures
        public var figures: Figures
    }

    public struct ServiceLine: Codable, Equatable, Sendable {
        public var service: String
        public var name: String
        /// Halls with legs of this service in the span.
        public var halls: Int
        /// Judged against the strictest wait target the halls give it.
        public var figures: Figures
    }

    /// One hall's rows, config and context.
    public struct Input: Sendable {
        /// The hall's tally of the span (merged days' tallies and rows, as for its own report).
        public var tally: ReportTally
        public var config: HallConfig
        public var context: ReportContext

        public init(tally: ReportTally, config: HallConfig, context: ReportContext = ReportContext()) {
            self.tally = tally
            self.config = config
            self.context = context
        }

        /// A hall's rows of the span.
        public init(tickets: [ReportTicket], config: HallConfig, context: ReportContext = ReportContext()) {
            var tally = ReportTally()
            tally.add(tickets, config: config, now: context.now)
            self.init(tally: tally, config: config, context: context)
        }
    }

    /// The same report with its halls ranked: the shortest mean wait of all citizens first (never
    /// called counted at their lower bound), then the larger share within target; a hall with no
    /// citizens last. Levels and totals are unchanged.
    public func ranked() -> RollupReport {
        var r = self
        r.halls.sort { a, b in
            switch (a.visits.meanWaitAtLeast, b.visits.meanWaitAtLeast) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.visits.withinTarget.count * max(b.visits.withinTarget.of, 1) > b.visits.withinTarget.count * max(a.visits.withinTarget.of, 1)
            }
        }
        return r
    }

    public static func make(_ inputs: [Input], from: String, to: String) -> RollupReport {
        var builder = Builder(from: from, to: to)
        for input in inputs { builder.add(input) }
        return builder.finish()
    }

    /// Makes the report one hall at a time, so a city's halls need not all be held at once:
    /// each hall's line is made as it is added, and only the pooled legs and visits are kept.
    public struct Builder: Sendable {
        let from: String, to: String
        var halls: [HallLine] = []
        /// Levels in the order their first hall was added.
        var order: [String] = []
        var levels: [String: (builder: FiguresBuilder, visits: VisitFiguresBuilder, halls: Int, target: Double)] = [:]
        var total = FiguresBuilder()
        var totalVisits = VisitFiguresBuilder()
        var totalTarget = Double.infinity
        var services: [String: (builder: FiguresBuilder, name: String, halls: Int, target: Double)] = [:]

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }

        public mutating func add(_ input: Input) {
            let report = HallReport.make(tally: input.tally, config: input.config, from: from, to: to, context: input.context)
            let projections = report.clerks.map(\.projection)
            halls.append(HallLine(hall: report.hall, visits: report.visits, figures: report.total, clerks: report.clerks.count,
                                  clerksOnPace: report.clerks.filter(\.paceMet).count,
                                  meanProjection: projections.isEmpty ? 0 : projections.reduce(0, +) / Double(projections.count),
                                  paceTarget: input.config.targets.dossiersPerClerkYear, clerkLines: report.clerks,
                                  ratings: report.ratings?.first { $0.by == "hall" }))
            let level = input.config.hall.level
            if levels[level] == nil { order.append(level) }
            var entry = levels[level] ?? (FiguresBuilder(), VisitFiguresBuilder(), 0, .infinity)
            entry.halls += 1
            entry.target = min(entry.target, input.config.targets.meanWait)
            totalTarget = min(totalTarget, input.config.targets.meanWait)
            // Each hall's legs and visits, counted against its own targets.
            entry.builder.merge(input.tally.total)
            entry.visits.merge(input.tally.visits)
            total.merge(input.tally.total)
            totalVisits.merge(input.tally.visits)
            levels[level] = entry
            for (id, legs) in input.tally.services {
                let service = input.config.service(id)
                var line = services[id] ?? (FiguresBuilder(), service?.nameVi ?? id, 0, .infinity)
                line.builder.merge(legs)
                line.halls += 1
                line.target = min(line.target, service?.waitTarget ?? Double(ServiceTargets.fallback.wait) / 1000)
                services[id] = line
            }
        }

        public func finish() -> RollupReport {
            var report = RollupReport(
                from: from, to: to, halls: halls,
                levels: order.map { level in
                    let e = levels[level]!
                    return LevelLine(level: level, halls: e.halls, visits: e.visits.finish(waitTarget: e.target),
                                     figures: e.builder.finish(waitTarget: e.target))
                },
                services: services.keys.sorted().map { id in
                    let line = services[id]!
                    return ServiceLine(service: id, name: line.name, halls: line.halls, figures: line.builder.finish(waitTarget: line.target))
                },
                visits: totalVisits.finish(waitTarget: totalTarget.isFinite ? totalTarget : 900),
                total: total.finish(waitTarget: totalTarget.isFinite ? totalTarget : 900))
            report.ratings = RatingLine.sum(halls.compactMap(\.ratings), name: "Total")
            return report
        }
    }
}
