import CityWire
import QueueCore
import QueueReports

extension CityReportSet {
    /// The report as asked: one hall's own report in full detail, or the roll-up of several.
    public static func render(_ db: CityDatabase, _ r: CityReportRequest) async throws -> String {
        let chosen = try await halls(db, halls: r.halls, unit: r.unit)
        guard !chosen.isEmpty else { throw QueueError(.noTickets, "No hall matches; see `queue-city hall list`.") }
        if chosen.count == 1 {
            guard let h = try await read(db, chosen[0], from: r.from, to: r.to, intervalMinutes: r.intervalMinutes, baseline: r.baseline) else {
                throw QueueError(.noTickets, "\(chosen[0].hall.id) has sent no hall config yet, so it has nothing to report.")
            }
            guard !h.tally.isEmpty else { throw QueueError(.noTickets, "No tickets recorded \(r.when) at \(h.hall)'s hall.") }
            return try r.format.render(HallReport.make(tally: h.tally, config: h.config, from: r.from, to: r.to, context: h.context))
        }
        let rollup = try await rollup(db, chosen, from: r.from, to: r.to)
        guard !rollup.halls.isEmpty else {
            throw QueueError(.noTickets, "No hall to report: none of them has sent its hall config yet; see `queue-city hall list`.")
        }
        return try r.format.render(r.rank ? rollup.ranked() : rollup)
    }
}
