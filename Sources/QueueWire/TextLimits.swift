import Foundation
import QueueCore

/// Limits on what a peer may put in a request: the same for the TCP protocol and the web pages,
/// so a 60,000-character clerk name is refused wherever it comes from. Human text is stored in
/// Unicode NFC, so "Nguyễn" typed composed at one counter and decomposed at another is one name
/// in the database, the export and any spreadsheet.
public enum TextLimits {
    public static let clerk = 80
    public static let reason = 120
    public static let label = 16
    public static let service = 16
    /// Deepest nesting of JSON objects and arrays in a client frame (requests need 2).
    public static let nesting = 16

    /// `text` in NFC, trimmed; refused when empty, longer than `max` characters, or holding
    /// control characters.
    public static func human(_ text: String, field: String, max: Int) throws -> String {
        let clean = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { throw QueueError(.badRequest, "\"\(field)\" is empty.") }
        guard clean.count <= max else {
            throw QueueError(.badRequest, "\"\(field)\" is \(clean.count) characters long; at most \(max) are allowed.")
        }
        guard !clean.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw QueueError(.badRequest, "\"\(field)\" holds control characters.")
        }
        return clean
    }

    /// A frame body must be UTF-8 throughout (also in fields this version does not read) and nest
    /// no deeper than `nesting`.
    public static func checkBody(_ bytes: some Collection<UInt8>) throws {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw QueueError(.badFrame, "The frame is not valid UTF-8.")
        }
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > nesting { throw QueueError(.badFrame, "The frame nests deeper than \(nesting) levels.") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }
}

extension Request {
    /// The request with its text fields normalised and checked against `TextLimits`.
    public func checked() throws -> Request {
        func label(_ t: String) throws -> String { try TextLimits.human(t, field: "ticket", max: TextLimits.label).uppercased() }
        func service(_ s: String, _ field: String) throws -> String { try TextLimits.human(s, field: field, max: TextLimits.service).uppercased() }
        switch self {
        case .command(let command):
            switch command {
            // A booking's slot comes only from the coordinator's own check-in, never from a request.
            case .issue(let s, let p, _): return .command(.issue(service: try service(s, "service"), priority: p))
            case .callTicket(let c, let t): return .command(.callTicket(counter: c, label: try label(t)))
            case .transfer(let c, let to): return .command(.transfer(counter: c, to: try service(to, "to")))
            case .pause(let c, let r): return .command(.pause(counter: c, reason: try TextLimits.human(r, field: "reason", max: TextLimits.reason)))
            case .signIn(let c, let clerk): return .command(.signIn(counter: c, clerk: try TextLimits.human(clerk, field: "clerk", max: TextLimits.clerk)))
            case .cancel(let t): return .command(.cancel(label: try label(t)))
            default: return self
            }
        case .checkIn(let code): return .checkIn(code: try Self.appointmentCode(code))
        case .bookAppointment(let s, let day, let minute):
            guard (0..<24 * 60).contains(minute) else { throw QueueError(.badRequest, "A slot starts between 00:00 and 23:45.") }
            return .bookAppointment(service: try service(s, "service"), day: try Self.day(day), minute: minute)
        case .cancelAppointment(let day, let code): return .cancelAppointment(day: try Self.day(day), code: try Self.appointmentCode(code))
        case .setAppointmentCapacity(let s, let perSlot):
            guard (0...Appointments.maxCapacity).contains(perSlot) else {
                throw QueueError(.badRequest, "\"perSlot\" is 0 to \(Appointments.maxCapacity) bookings per 15-minute slot, not \(perSlot).")
            }
            return .setAppointmentCapacity(service: try service(s, "service"), perSlot: perSlot)
        case .appointments(let from, let to):
            let from = try Self.day(from), to = try Self.day(to)
            if from > to { throw QueueError(.badRequest, "\"from\" \(from) is after \"to\" \(to).") }
            guard let last = CivilDay.adding(Appointments.maxListedDays - 1, to: from), to <= last else {
                throw QueueError(.badRequest, "List at most \(Appointments.maxListedDays) days of appointments at once.")
            }
            return .appointments(from: from, to: to)
        case .deviceState(var state):
            if let detail = state.printerDetail { state.printerDetail = try TextLimits.human(detail, field: "printerDetail", max: TextLimits.reason) }
            return .deviceState(state)
        default: return self
        }
    }
}
