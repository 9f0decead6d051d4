import CityStore
import CityWire
import Foundation
import Logging
import QueueCore
import QueueReports
import QueueSimulator
import QueueTestSupport
import Testing

/// Issue 16: the city's summaries never make a report wrong. A late event for a day already
/// summarised, or a new config, makes the summary stale; until it is made again the day is
/// read from its tickets, so the figures are always those of the tickets.
@Suite(.serialized) struct CitySummaryTests {
    @Test func lateEventsAndANewConfigMakeASummaryStaleAndTheReportStaysExact() async throws {
        let city = try await CityInProcess()
        defer { withExtendedLifetime(city) {} }
        let (cluster, db) = (city.cluster, city.db)

        // Two simulated days (data: any date would do); the second arrives in two halves.
        var config = try SimulatedHall.parse(try SimulatedHall.toml(configPath: nil, counters: 4), file: "test hall")
        var events: [Event] = []
        try Simulation(scenario: Scenario(ticketsPerDay: 150), seed: 3).offlineEvents(days: ["2026-11-30", "2026-12-01"], config: config) { events += $0 }
        for i in events.indices { events[i].seq = Int64(i + 1) }
        let secondDay = events.firstIndex { $0.ticket?.day == "2026-12-01" }!
        let cut = secondDay + (events.count - secondDay) / 2
        let recorded = RecordedConfig(since: 0, config: String(decoding: try JSONEncoder().encode(config), as: UTF8.self))
        // A config the city cannot read is refused with the batch, which changes nothing.
        await #expect(throws: CityIngestError.badConfig(since: 0)) {
            try await db.ingest(CityBatch(hall: "h", events: Array(events[..<cut]), configs: [RecordedConfig(since: 0, config: "{\"hall\": 1}")]))
        }
        #expect(try await db.ack("h")?.acked == 0)
        _ = try await db.ingest(CityBatch(hall: "h", events: Array(events[..<cut]), configs: [recorded]))

        let chosen = try await CityReportSet.halls(db, halls: [], unit: nil)
        let (from, to) = ("2026-11-01", "2026-12-01")
        func report() async throws -> RollupReport { try await CityReportSet.rollup(db, chosen, from: from, to: to) }
        /// The same report with no summary at all: every day from its tickets.
        func fromTickets() async throws -> RollupReport {
            _ = try await cluster.sql("DELETE FROM hall_summary")
            return try await report()
        }

        #expect(try await db.summarizeAll(before: "2026-12-02") == 3, "two days and November")
        let early = try await report()
        #expect(early.halls.first?.visits.visits ?? 0 > 0)

        // The rest of the second day arrives after it was summarised: its summary is stale.
        _ = try await db.ingest(CityBatch(hall: "h", events: Array(events[cut...])))
        let late = try await report()
        #expect(late != early, "the late events changed nothing")
        #expect(try await db.summarizeAll(before: "2026-12-02") ?? 0 > 0)
        #expect(try await report() == late)

        // A new config from the second day's noon, after it was summarised again: that day
        // counts against its new targets.
        config.services = config.services.map { var s = $0; s.waitTarget = 60; return s }
        let noon = events[secondDay].at.milliseconds + 4 * 3_600_000
        let changed = RecordedConfig(since: noon, config: String(decoding: try JSONEncoder().encode(config), as: UTF8.self))
        _ = try await db.ingest(CityBatch(hall: "h", events: [], configs: [changed]))
        let reconfigured = try await report()
        #expect(reconfigured.total.withinTarget != late.total.withinTarget, "the new targets changed nothing")

        // Summarised again: the same figures, and the same as from the tickets alone.
        #expect(try await db.summarizeAll(before: "2026-12-02") ?? 0 > 0)
        #expect(try await report() == reconfigured)
        #expect(try await fromTickets() == reconfigured, "the report from summaries differs from the one from tickets")
    }

    @Test func aSpanIsCutIntoWholeYearsWholeMonthsAndDays() {
        #expect(DaySpan.pieces(from: "2026-01-01", to: "2026-12-31") == [DaySpan("2026-01-01", "2026-12-31")])
        let across = DaySpan.pieces(from: "2026-11-29", to: "2028-03-02")
        #expect(across.first == DaySpan("2026-11-29", "2026-11-29"))
        #expect(across[2] == DaySpan("2026-12-01", "2026-12-31"))
        #expect(across[3] == DaySpan("2027-01-01", "2027-12-31"))
        #expect(across[4] == DaySpan("2028-01-01", "2028-01-31"))
        #expect(across[5] == DaySpan("2028-02-01", "2028-02-29"), "2028 is a leap year")
        #expect(across.count == 8 && across.last == DaySpan("2028-03-02", "2028-03-02"))
        #expect(DaySpan.pieces(from: "2026-12-02", to: "2026-12-01").isEmpty)
        #expect(DaySpan.pieces(from: "2026-02-30", to: "2026-03-01").isEmpty)
        #expect(DaySpan("2026-01-01", "2026-12-31").parts.count == 12)
        #expect(DaySpan("2026-02-01", "2026-02-28").parts.map(\.first).last == "2026-02-28")
        #expect(DaySpan("2026-02-01", "2026-02-01").parts.isEmpty)
    }
}
