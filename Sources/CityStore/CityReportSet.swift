import Foundation
import QueueCore
import QueueReports

/// A city report's inputs, as `queuectl report --db` makes them from the halls' own databases, so
/// the city's figures are the halls' figures: one hall in full detail from its tickets, or a
/// roll-up of many halls from the city's summaries.
public struct CityReportSet: Sendable {
    public var hall: String
    public var tally: ReportTally
    public var config: HallConfig
    public var context: ReportContext

    /// A hall as a report names and groups it: its registered name, its unit's level.
    public struct Chosen: Sendable {
        public var hall: CityHall
        public var level: String
    }

    /// The halls given by code, or the halls of `unit` and the units under it, or every hall.
    public static func halls(_ db: CityDatabase, halls wanted: [String], unit: String?) async throws -> [Chosen] {
        let all = try await db.halls()
        var chosen = all
        if !wanted.isEmpty {
            for code in wanted where !all.contains(where: { $0.id == code }) {
                throw QueueError(.badRequest, "The city has no hall \"\(code)\"; see `queue-city hall list`.")
            }
            chosen = all.filter { wanted.contains($0.id) }
        }
        let units = try await db.units()
        if let unit {
            guard units.contains(where: { $0.id == unit }) else { throw QueueError(.badRequest, "The city has no unit \"\(unit)\"; see `queue-city unit list`.") }
            let within = CityUnit.within(unit, units)
            chosen = chosen.filter { within.contains($0.unit) }
        }
        let levels = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.level) })
        return chosen.map { Chosen(hall: $0, level: levels[$0.unit] ?? "") }
    }

    /// One hall's full report inputs, read from its tickets; nil (with a warning on standard
    /// error) when it has sent no hall config yet. A `baseline` entered by the manager wins over
    /// the hall's last year, as in `queuectl report`.
    public static func read(_ db: CityDatabase, _ chosen: Chosen, from: String, to: String,
                            intervalMinutes: Int = 60, baseline: Baseline? = nil) async throws -> CityReportSet? {
        let data = try await db.reportData(hall: chosen.hall.id, from: from, to: to)
        guard let config = named(data.recordedConfig, chosen) else { return nil }
        return CityReportSet(hall: chosen.hall.id, tally: data.tally(config: config, now: nil), config: config,
                             context: data.context(baseline: baseline, intervalMinutes: intervalMinutes))
    }

    /// The roll-up of `halls` over `from…to`, read from the summaries 50 halls at a time and folded
    /// in one hall at a time (the days they do not cover yet from tickets), with each hall's
    /// citizens' ratings. Clerks' dossiers since
    /// 1 January come from the summaries too: the same tallies when the span starts on 1 January,
    /// else a second read.
    public static func rollup(_ db: CityDatabase, _ halls: [Chosen], from: String, to: String) async throws -> RollupReport {
        let ids = halls.map(\.hall.id)
        let yearStart = String(to.prefix(4)) + "-01-01"
        var yearToDate: [String: [String: Int]] = [:]
        if from != yearStart {
            try await db.rollupTallies(halls: ids, from: yearStart, to: to) { hall, tally, _ in yearToDate[hall] = tally.servedByClerk }
        }
        let ratings = try await db.ratingCounts(halls: ids, from: from, to: to)
        var builder = RollupReport.Builder(from: from, to: to)
        var index = 0
        try await db.rollupTallies(halls: ids, from: from, to: to) { hall, tally, recorded in
            defer { index += 1 }
            guard let config = named(recorded, halls[index]) else { return }
            let context = ReportContext(yearToDate: from == yearStart ? tally.servedByClerk : yearToDate[hall] ?? [:], ratings: ratings[hall] ?? nil)
            builder.add(.init(tally: tally, config: config, context: context))
        }
        return builder.finish()
    }

    /// The config named and grouped as the city knows the hall; nil, with a warning, when the
    /// hall has sent none.
    static func named(_ recorded: HallConfig?, _ chosen: Chosen) -> HallConfig? {
        guard var config = recorded else {
            FileHandle.standardError.write(Data("queue-city: \(chosen.hall.id) has sent no hall config yet; it is left out.\n".utf8))
            return nil
        }
        config.hall.name = chosen.hall.name
        if !chosen.level.isEmpty { config.hall.level = chosen.level }
        return config
    }
}

extension CityUnit {
    /// `unit` and every unit under it, however deep.
    public static func within(_ unit: String, _ units: [CityUnit]) -> Set<String> {
        var found: Set<String> = [unit]
        var grew = true
        while grew {
            grew = false
            for u in units where !found.contains(u.id) {
                if let parent = u.parent, found.contains(parent) { found.insert(u.id); grew = true }
            }
        }
        return found
    }
}
