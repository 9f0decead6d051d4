import Foundation
import QueueCore

/// A report over several halls' databases, e.g. a district and its communes: one line per hall,
/// a subtotal per administrative level (the halls' own `level` labels, never a fixed list) and a
/// total. Subtotals and the total are computed from the pooled ticket rows, so their percentiles
/// are exact too. JSON schema "queue-rollup/1".
public struct RollupReport: Codable, Equatable, Sendable {
    public var schema = "queue-rollup/1"
    public var from: String
    public var to: String
    public var halls: [HallLine]
    public var levels: [LevelLine]
    public var total: Figures

    /// One hall's totals and its clerks' pace.
    public struct HallLine: Codable, Equatable, Sendable {
        public var hall: HallInfo
        public var figures: Figures
        public var clerks: Int
        /// Clerks whose annualised pace reaches the target.
        public var clerksOnPace: Int
        /// The mean of the clerks' annualised paces (0 with no clerks).
        public var meanPace: Double
        public var paceTarget: Int
    }

    public struct LevelLine: Codable, Equatable, Sendable {
        public var level: String
        public var halls: Int
        public var figures: Figures
    }

    /// One hall's rows and config.
    public struct Input: Sendable {
        public var tickets: [ReportTicket]
        public var config: HallConfig
        public init(tickets: [ReportTicket], config: HallConfig) {
            self.tickets = tickets
            self.config = config
        }
    }

    /// Pure, like `HallReport.make`. Each row is held against its own hall's service targets;
    /// a subtotal's and the total's mean wait against the strictest mean-wait target among them.
    public static func make(_ inputs: [Input], from: String, to: String) -> RollupReport {
        var halls: [HallLine] = []
        var levelBuilders: [String: (builder: FiguresBuilder, halls: Int, target: Double)] = [:]
        var total = FiguresBuilder()
        var totalTarget = Double.infinity
        for input in inputs {
            let report = HallReport.make(tickets: input.tickets, config: input.config, from: from, to: to)
            let paces = report.clerks.map(\.pace)
            halls.append(HallLine(hall: report.hall, figures: report.total, clerks: report.clerks.count,
                                  clerksOnPace: report.clerks.filter(\.paceMet).count,
                                  meanPace: paces.isEmpty ? 0 : paces.reduce(0, +) / Double(paces.count),
                                  paceTarget: input.config.targets.dossiersPerClerkYear))
            let level = input.config.hall.level
            var entry = levelBuilders[level] ?? (FiguresBuilder(), 0, .infinity)
            entry.halls += 1
            entry.target = min(entry.target, input.config.targets.meanWait)
            totalTarget = min(totalTarget, input.config.targets.meanWait)
            for t in input.tickets where t.day >= from && t.day <= to {
                let s = input.config.service(t.service)
                let wait = Int64(((s?.waitTarget ?? 900) * 1000).rounded())
                let service = Int64(((s?.serviceTarget ?? 1800) * 1000).rounded())
                entry.builder.add(t, waitFrom: t.issuedAt, waitTarget: wait, serviceTarget: service)
                total.add(t, waitFrom: t.issuedAt, waitTarget: wait, serviceTarget: service)
            }
            levelBuilders[level] = entry
        }
        // Levels in the order their first hall was given.
        var order: [String] = []
        for input in inputs where !order.contains(input.config.hall.level) { order.append(input.config.hall.level) }
        return RollupReport(
            from: from, to: to, halls: halls,
            levels: order.map { level in
                let e = levelBuilders[level]!
                return LevelLine(level: level, halls: e.halls, figures: e.builder.finish(waitTarget: e.target))
            },
            total: total.finish(waitTarget: totalTarget.isFinite ? totalTarget : 900))
    }
}
