import Foundation
import QueueCore
import QueueReports

/// One hall's part of a city report: its tally of the span, the config it recorded, and its
/// context (clerks' year to date, last year's handling), as `queuectl report --db` makes them
/// from the hall's own database, so the city's figures are the halls' figures.
public struct CityReportSet: Sendable {
    public var hall: String
    public var tally: ReportTally
    public var config: HallConfig
    public var context: ReportContext

    /// The parts for `halls` (by code), or the halls of `unit` and the units under it, or every
    /// hall; a hall that has sent no config yet is left out with a warning on standard error.
    /// Each hall is named as the city registered it and grouped by its unit's level. A `baseline`
    /// entered by the manager wins over each hall's last year, as in `queuectl report`.
    public static func read(_ db: CityDatabase, halls wanted: [String], unit: String?, from: String, to: String,
                            intervalMinutes: Int = 60, baseline: Baseline? = nil) async throws -> [CityReportSet] {
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
        var out: [CityReportSet] = []
        for hall in chosen {
            let data = try await db.reportData(hall: hall.id, from: from, to: to)
            // Named and grouped as the city knows the hall: its registered name, its unit's level.
            guard var config = data.recordedConfig else {
                FileHandle.standardError.write(Data("queue-city: \(hall.id) has sent no hall config yet; it is left out.\n".utf8))
                continue
            }
            config.hall.name = hall.name
            config.hall.level = levels[hall.unit] ?? config.hall.level
            out.append(CityReportSet(hall: hall.id, tally: data.tally(config: config, now: nil), config: config,
                                     context: data.context(baseline: baseline, intervalMinutes: intervalMinutes)))
        }
        return out
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
