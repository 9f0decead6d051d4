import Foundation
import PostgresNIO
import QueueCore
import QueueReports

extension CityDatabase {
    /// One hall's report inputs for local days `from…to`, read as the hall's own database would
    /// give them (`ReportData`): its rows (a cancelled row ends when it was cancelled), its
    /// clerks' dossiers since 1 January, last year's handling times, and the config it recorded
    /// for the span. Every row is counted against that config.
    public func reportData(hall: String, from: String, to: String) async throws -> ReportData {
        do {
            let decoder = HallJSON.decoder()
            var rows: [ReportTicket] = []
            for try await (json, ended) in try await client.query("""
                SELECT event, ended_at FROM hall_ticket WHERE hall = \(hall) AND day BETWEEN \(from) AND \(to) ORDER BY day, id
                """, logger: logger).decode((String, Int64?).self) {
                guard let ticket = try decoder.decode(Event.self, from: Data(json.utf8)).ticket else { continue }
                var row = ReportTicket(ticket)
                if ticket.outcome == .cancelled { row.endedAt = ended }
                rows.append(row)
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
            return ReportData(rows: rows, yearToDate: yearToDate, lastYear: lastYear, hallId: hall,
                              recordedConfig: try await recordedConfig(hall: hall, lastIssued: rows.last?.issuedAt))
        } catch {
            throw failure("Reading \(hall)'s report", error)
        }
    }

    /// The config in force when the span's last ticket was issued (the last one recorded before
    /// it), or the first the hall recorded; nil when it has sent none.
    func recordedConfig(hall: String, lastIssued: Int64?) async throws -> HallConfig? {
        var text: String?
        if let lastIssued {
            for try await t in try await client.query("""
                SELECT config FROM hall_config WHERE hall = \(hall) AND since <= \(lastIssued) ORDER BY since DESC LIMIT 1
                """, logger: logger).decode(String.self) { text = t }
        }
        if text == nil {
            for try await t in try await client.query("SELECT config FROM hall_config WHERE hall = \(hall) ORDER BY since LIMIT 1", logger: logger)
                .decode(String.self) { text = t }
        }
        guard let text else { return nil }
        return try JSONDecoder().decode(HallConfig.self, from: Data(text.utf8))
    }
}
