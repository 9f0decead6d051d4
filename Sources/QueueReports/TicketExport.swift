import Foundation
import QueueCore

/// The raw export: one row per ticket with every recorded time, the counter, the clerk and the
/// outcome, so a third party can recompute every figure of a report. Times in the CSV are the
/// hall's local time with its UTC offset and milliseconds ("2026-11-30T08:15:00.123+07:00"); in
/// the JSON they are integer milliseconds since the Unix epoch, as in the protocol.
public enum TicketExport {
    public static let csvHeader = ["id", "day", "service", "service_name", "number", "label", "priority", "state", "outcome",
                                   "issued_at", "queued_at", "first_called_at", "last_called_at", "call_count", "counter", "clerk",
                                   "service_started_at", "service_ended_at", "transferred_from", "wait_s", "service_s", "visit_s",
                                   "appointment_at"]

    public static func csv(_ tickets: [Ticket], config: HallConfig) -> String {
        let format = LocalTimestamp(zone: TimeZone(identifier: config.hall.timeZone) ?? .gmt)
        var csv = CSV(header: csvHeader)
        for t in tickets {
            csv.add([String(t.id), t.day, t.service, config.service(t.service)?.nameVi ?? "", String(t.number), t.label,
                     t.priority.rawValue, t.state.rawValue, t.outcome?.rawValue ?? "",
                     format.text(t.issuedAt), format.text(t.queuedAt), format.text(t.firstCalledAt), format.text(t.lastCalledAt),
                     String(t.callCount), t.counter.map(String.init) ?? "", t.clerk ?? "",
                     format.text(t.serviceStartedAt), format.text(t.serviceEndedAt), t.transferredFrom.map(String.init) ?? "",
                     // The wait as reports count it: a booked citizen's from the slot (`waitStartsAt`).
                     seconds(t.waitStartsAt, t.firstCalledAt), seconds(t.serviceStartedAt, t.serviceEndedAt),
                     t.outcome == .served ? seconds(t.issuedAt, t.serviceEndedAt) : "", format.text(t.appointmentAt)])
        }
        return csv.text
    }

    /// Whole seconds from `a` to `b`, rounded half up; "" when either is missing.
    static func seconds(_ a: Date?, _ b: Date?) -> String {
        guard let a, let b else { return "" }
        return CSV.seconds(Double(b.milliseconds - a.milliseconds) / 1000)
    }

    /// Schema "queue-export/1": the hall, the span, and `tickets` in the protocol's Ticket shape.
    public struct Document: Codable, Sendable {
        public var schema = "queue-export/1"
        public var hall: HallInfo
        public var from: String
        public var to: String
        public var tickets: [Ticket]
    }

    public static func json(_ tickets: [Ticket], config: HallConfig, from: String, to: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.milliseconds)
        }
        let doc = Document(hall: HallInfo(name: config.hall.name, level: config.hall.level, timeZone: config.hall.timeZone),
                           from: from, to: to, tickets: tickets)
        return String(decoding: try encoder.encode(doc), as: UTF8.self) + "\n"
    }
}

/// "2026-11-30T08:15:00.123+07:00" in one time zone.
struct LocalTimestamp {
    let formatter: DateFormatter

    init(zone: TimeZone) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
    }

    func text(_ date: Date?) -> String { date.map { formatter.string(from: $0.roundedToMillisecond) } ?? "" }
}
