import Foundation
import PostgresNIO
import QueueCore
import QueueReports

extension CityDatabase {
    /// One hall's report inputs for local days `from…to`, read as the hall's own database gives
    /// them (`ReportData`): each day counted against the config the hall recorded for that day
    /// (as the hall's daily summaries are), a cancelled row ending when it was cancelled; its
    /// clerks' dossiers since 1 January, last year's handling times, and the config in force at
    /// the span's end for the report's headings and targets.
    public func reportData(hall: String, from: String, to: String) async throws -> ReportData {
        do {
            let days = try await ticketDays(hall: hall, from: from, to: to)
            let configs = try await recordedConfigs(hall: hall)
            var tally = ReportTally()
            for day in days {
                guard let config = ConfigInForce.at(day.rows.last?.issuedAt, among: configs) else { continue }
                tally.add(day.rows, config: config, now: nil)
            }
            var yearToDate: [String: Int] = [:]
            for try await (clerk, n) in try await client.query("""
                SELECT clerk, COUNT(*) FROM hall_ticket WHERE hall = \(hall) AND day BETWEEN \(String(to.prefix(4)) + "-01-01") AND \(to)
                    AND outcome = 'served' AND clerk IS NOT NULL GROUP BY clerk
                """, logger: logger).decode((String, Int64).self) {
                yearToDate[clerk] = Int(n)
            }
            let before = (CivilDay.yearBefore(from), CivilDay.yearBefore(to))
            var means: [String: Double] = [:]
            for try await (service, sum, n) in try await client.query("""
                SELECT service, SUM(service_ended_at - service_started_at)::int8, COUNT(*) FROM hall_ticket
                WHERE hall = \(hall) AND day BETWEEN \(before.0) AND \(before.1)
                    AND service_started_at IS NOT NULL AND service_ended_at IS NOT NULL GROUP BY service
                """, logger: logger).decode((String, Int64, Int64).self) {
                means[service] = Double(sum) / Double(n) / 1000
            }
            let lastYear = means.isEmpty ? nil : Baseline(label: before.0 == before.1 ? before.0 : "\(before.0) – \(before.1)", meanService: means)
            return ReportData(tallied: days.isEmpty ? nil : (tally, to), rows: [], yearToDate: yearToDate, lastYear: lastYear, hallId: hall,
                              recordedConfig: ConfigInForce.at(days.last?.rows.last?.issuedAt, among: configs),
                              ratings: try await ratingCounts(halls: [hall], from: from, to: to)[hall] ?? nil)
        } catch {
            throw failure("Reading \(hall)'s report", error)
        }
    }

    /// The ratings the halls forwarded for local days `from…to`, per hall, counted and ordered as
    /// a hall's own database counts them (`QueueStore.ratingCounts`: bytewise, no value first);
    /// a hall with none has an empty list (kept, none given), one that has only ever sent from a
    /// release older than forwarded ratings has nil (not kept here).
    func ratingCounts(halls: [String], from: String, to: String) async throws -> [String: [RatingCount]?] {
        var counts: [String: [RatingCount]] = [:]
        for try await hall in try await client.query("SELECT id FROM hall WHERE id = ANY(\(halls)) AND ratings_kept", logger: logger)
            .decode(String.self) { counts[hall] = [] }
        for try await (hall, service, clerk, rating, reason, n) in try await client.query("""
            SELECT hall, service, clerk, rating, reason, COUNT(*) FROM hall_rating WHERE hall = ANY(\(halls)) AND day BETWEEN \(from) AND \(to)
            GROUP BY hall, service, clerk, rating, reason
            ORDER BY hall, service COLLATE "C", clerk COLLATE "C" NULLS FIRST, rating COLLATE "C", reason COLLATE "C" NULLS FIRST
            """, logger: logger).decode((String, String, String?, String, String?, Int64).self) {
            guard let level = Rating(rawValue: rating) else { continue }
            counts[hall, default: []].append(RatingCount(service: service, clerk: clerk, rating: level,
                                                         reason: reason.flatMap(RatingReason.init(rawValue:)), count: Int(n)))
        }
        return Dictionary(uniqueKeysWithValues: halls.map { ($0, counts[$0]) })
    }

    /// The hall's tickets of local days `from…to` as its own database gives them, by day in order:
    /// each the latest state its events carried, a cancelled row ending when it was cancelled.
    func ticketDays(hall: String, from: String, to: String) async throws -> [(day: String, rows: [ReportTicket])] {
        let decoder = HallJSON.decoder()
        var days: [(day: String, rows: [ReportTicket])] = []
        for try await (day, json, ended) in try await client.query("""
            SELECT day, event, ended_at FROM hall_ticket WHERE hall = \(hall) AND day BETWEEN \(from) AND \(to) ORDER BY day, id
            """, logger: logger).decode((String, String, Int64?).self) {
            guard let ticket = try decoder.decode(Event.self, from: Data(json.utf8)).ticket else { continue }
            var row = ReportTicket(ticket)
            if ticket.outcome == .cancelled { row.endedAt = ended }
            if days.last?.day == day { days[days.count - 1].rows.append(row) } else { days.append((day, [row])) }
        }
        return days
    }

    /// Every config the hall recorded, in order of `since` (`recordedConfigs(halls:)`).
    func recordedConfigs(hall: String) async throws -> [(since: Int64, config: HallConfig)] {
        try await recordedConfigs(halls: [hall])[hall] ?? []
    }

}
