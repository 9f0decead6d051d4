import Foundation
import GRDB
import QueueCore
import QueueReports
import QueueStore

extension QueueStore {
    /// What a report of local days `from…to` needs, read in one transaction: the daily tallies
    /// of the days summarised and the rows of the others (`summaries: false`: every row).
    public func reportData(from: String, to: String, summaries: Bool = true) throws -> ReportData {
        try read { db in try Self.reportData(db, from: from, to: to, summaries: summaries) }
    }

    static func reportData(_ db: Database, from: String, to: String, summaries: Bool = true) throws -> ReportData {
        // A tally that cannot be read (a damaged copy) is not trusted: the span is counted from its rows.
        let tallied = summaries ? (try? tally(db, from: from, to: to)) ?? nil : nil
        let rowsFrom = tallied.map { CivilDay.adding(1, to: $0.through) ?? to + "~" } ?? from
        let rows = rowsFrom > to ? [] : try reportRows(db, from: rowsFrom, to: to)
        // Each day's last ticket (rows are in (day, id) order) says which config was in force.
        var lastIssued: [String: Int64] = [:]
        for i in rows.indices where i == rows.count - 1 || rows[i + 1].day != rows[i].day { lastIssued[rows[i].day] = rows[i].issuedAt }
        return ReportData(tallied: tallied, rows: rows, dayConfigs: try recordedConfigs(db, lastIssued: lastIssued),
                   yearToDate: try servedPerClerkSummarized(db, from: String(to.prefix(4)) + "-01-01", to: to),
                   lastYear: try handling(db, from: CivilDay.yearBefore(from), to: CivilDay.yearBefore(to)),
                   hallId: try hallIdentity(db), recordedConfig: try recordedConfig(db, from: from, to: to),
                   ratings: try ratingCounts(db, from: from, to: to), appointments: try appointmentCounts(db, from: from, to: to))
    }


    /// The rows of local days `from…to` as report rows, straight from the columns reports need,
    /// in (day, id) order; a cancelled row's `endedAt` is its cancellation's instant.
    static func reportRows(_ db: Database, from: String, to: String) throws -> [ReportTicket] {
        var ended: [Int64: Int64] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT ticket_id, MAX(at) FROM event WHERE kind = 'cancelled' AND ticket_id IN
                (SELECT id FROM ticket WHERE day BETWEEN ? AND ? AND outcome = 'cancelled') GROUP BY ticket_id
            """, arguments: [from, to]) {
            ended[row[0]] = row[1]
        }
        var out: [ReportTicket] = []
        var clerks: [String: String] = [:]
        let slot = try keepsAppointmentSlots(db) ? "appointment_at" : "NULL"
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, day, service, outcome, issued_at, queued_at, first_called_at, last_called_at, counter, clerk,
                service_started_at, service_ended_at, transferred_from, label, \(slot) FROM ticket WHERE day BETWEEN ? AND ? ORDER BY day, id
            """, arguments: [from, to])
        while let r = try rows.next() {
            // One copy of each clerk's name, not one per row.
            var clerk: String? = r[9]
            if let c = clerk { clerk = clerks[c] ?? { clerks[c] = c; return c }() }
            let id: Int64 = r[0]
            out.append(ReportTicket(id: id, day: r[1], service: r[2], outcome: (r[3] as String?).flatMap(Outcome.init(rawValue:)),
                                    issuedAt: r[4], queuedAt: r[5], firstCalledAt: r[6], lastCalledAt: r[7], counter: r[8], clerk: clerk,
                                    serviceStartedAt: r[10], serviceEndedAt: r[11], transferredFrom: r[12], label: r[13], endedAt: ended[id],
                                    appointmentAt: r[14]))
        }
        return out
    }

    /// Served rows per clerk over local days `from…to`.
    static func servedPerClerk(_ db: Database, from: String, to: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT clerk, COUNT(*) FROM ticket WHERE day BETWEEN ? AND ? AND outcome = 'served' AND clerk IS NOT NULL GROUP BY clerk
            """, arguments: [from, to]) {
            out[row[0]] = row[1]
        }
        return out
    }

    /// Mean handling time (service start to end) per service over local days `from…to`, or nil
    /// when no dossier was handled then.
    static func handling(_ db: Database, from: String, to: String) throws -> Baseline? {
        var means: [String: Double] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT service, SUM(service_ended_at - service_started_at), COUNT(*) FROM ticket
            WHERE day BETWEEN ? AND ? AND service_started_at IS NOT NULL AND service_ended_at IS NOT NULL GROUP BY service
            """, arguments: [from, to]) {
            let sum: Int64 = row[1], n: Int64 = row[2]
            means[row[0]] = Double(sum) / Double(n) / 1000
        }
        guard !means.isEmpty else { return nil }
        return Baseline(label: from == to ? from : "\(from) – \(to)", meanService: means)
    }
}

