import Foundation
import QueueCore

/// What an authenticated client asks, typed. Sent as `ClientMessage.request`.
public enum Request: Equatable, Sendable {
    case command(Command)
    case status
    case subscribe(since: Int64?)
    case addDevice(name: String, role: Role, counter: Int?)
    case listDevices
    case revokeDevice(name: String)
    case setClock(Date)
    case advanceClock(TimeInterval)
    /// Manager: ticket rows of local days `from…to`, a page at a time (ids above `after`).
    case tickets(from: String, to: String, after: Int64?)
    /// Manager: the wait report of local days `from…to`, computed by the coordinator off the
    /// writer; `interval` minutes per time-of-day row, `baseline` service → mean handling seconds.
    case report(from: String, to: String, interval: Int?, baseline: [String: Double]?)
    /// A citizen's rating, by touch on the counter's display, of the visit just served there:
    /// `ticket`, which the counter must have finished within `ratingWindow`.
    case rate(counter: Int, ticket: Int64, rating: Rating, reason: RatingReason?)
    /// Kiosk: issue the ticket of today's appointment with this code (docs/APPOINTMENTS.md).
    case checkIn(code: String)
    /// Manager: book `service` at the slot starting `minute` (after local midnight) of `day`.
    case bookAppointment(service: String, day: String, minute: Int)
    /// Manager: cancel a booking not yet checked in.
    case cancelAppointment(day: String, code: String)
    /// Manager: how many bookings `service` takes per 15-minute slot (0: none).
    case setAppointmentCapacity(service: String, perSlot: Int)
    /// Manager: the bookings of local days `from…to`, and every service's capacity.
    case appointments(from: String, to: String)
    /// Board or kiosk: what it says of itself (printer, screen, audio), for the manager's device
    /// panel. Kept in the coordinator's memory only; answered at once, never by the writer.
    case deviceState(DeviceState)

    /// How long after a counter finishes a ticket its display may take the citizen's rating.
    public static let ratingWindow: TimeInterval = 120

    /// Mutating requests carry a request id and are acknowledged only once committed.
    public var isMutating: Bool {
        switch self {
        case .status, .subscribe, .listDevices, .tickets, .report, .appointments, .deviceState: return false
        case .command(let c): return c != .tick
        case .addDevice, .revokeDevice, .setClock, .advanceClock, .rate, .checkIn, .bookAppointment, .cancelAppointment,
             .setAppointmentCapacity: return true
        }
    }
}

extension Request {
    /// Reads a request frame, or says exactly what is wrong with it; text fields come out
    /// normalised and within `TextLimits`.
    init(frame f: ClientFrame) throws {
        self = try Request(unchecked: f).checked()
    }

    private init(unchecked f: ClientFrame) throws {
        guard let op = f.op else { throw QueueError(.badRequest, "A request needs an \"op\".") }
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw QueueError(.badRequest, "Operation \"\(op)\" needs the field \"\(field)\".") }
            return value
        }
        switch op {
        case "issue":
            let p = f.priority ?? PriorityClass.normal.rawValue
            guard let priority = PriorityClass(rawValue: p) else {
                throw QueueError(.badRequest, "Unknown priority \"\(p)\"; use one of \(PriorityClass.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            self = .command(.issue(service: try need(f.service, "service").uppercased(), priority: priority))
        case "call":
            let c = try need(f.counter, "counter")
            self = .command(f.ticket.map { .callTicket(counter: c, label: $0) } ?? .callNext(counter: c))
        case "recall": self = .command(.recall(counter: try need(f.counter, "counter")))
        case "start": self = .command(.start(counter: try need(f.counter, "counter")))
        case "finish": self = .command(.finish(counter: try need(f.counter, "counter")))
        case "no-show": self = .command(.noShow(counter: try need(f.counter, "counter")))
        case "transfer": self = .command(.transfer(counter: try need(f.counter, "counter"), to: try need(f.to, "to")))
        case "pause": self = .command(.pause(counter: try need(f.counter, "counter"), reason: try need(f.reason, "reason")))
        case "resume": self = .command(.resume(counter: try need(f.counter, "counter")))
        case "sign-in": self = .command(.signIn(counter: try need(f.counter, "counter"), clerk: try need(f.clerk, "clerk")))
        case "sign-out": self = .command(.signOut(counter: try need(f.counter, "counter")))
        case "cancel": self = .command(.cancel(label: try need(f.ticket, "ticket")))
        case "status": self = .status
        case "subscribe":
            if let since = f.since, since < 0 { throw QueueError(.badRequest, "\"since\" is a sequence number: 0 or more.") }
            self = .subscribe(since: f.since)
        case "device-add":
            let r = try need(f.role, "role")
            guard let role = Role(rawValue: r) else {
                throw QueueError(.badRequest, "Unknown role \"\(r)\"; use kiosk, counter, display or manager.")
            }
            if role == .counter, f.counter == nil { throw QueueError(.badRequest, "A counter device needs the field \"counter\".") }
            self = .addDevice(name: try need(f.name, "name"), role: role, counter: role == .counter ? f.counter : nil)
        case "device-list": self = .listDevices
        case "device-revoke": self = .revokeDevice(name: try need(f.name, "name"))
        case "clock-set":
            let at = try need(f.at, "at")
            // Milliseconds between 2000 and 2200: anything else is a mistake, and huge values overflow.
            guard at.timeIntervalSince1970 > 946_684_800, at.timeIntervalSince1970 < 7_258_118_400 else {
                throw QueueError(.badRequest, "\"at\" must be a time between the years 2000 and 2200, in milliseconds since 1970.")
            }
            self = .setClock(at)
        case "clock-advance":
            let seconds = try need(f.seconds, "seconds")
            guard seconds.isFinite else { throw QueueError(.badRequest, "\"seconds\" must be a number.") }
            self = .advanceClock(seconds)
        case "tickets":
            let from = try Self.day(try need(f.from, "from")), to = try Self.day(try need(f.to, "to"))
            self = .tickets(from: from, to: to, after: f.since)
        case "report":
            let from = try Self.day(try need(f.from, "from")), to = try Self.day(try need(f.to, "to"))
            if from > to { throw QueueError(.badRequest, "\"from\" \(from) is after \"to\" \(to).") }
            if let i = f.interval, ![15, 30, 60].contains(i) {
                throw QueueError(.badRequest, "\"interval\" is 15, 30 or 60 minutes, not \(i).")
            }
            if let b = f.baseline, b.count > 100 || b.contains(where: { $0.key.isEmpty || $0.key.count > TextLimits.service || !$0.value.isFinite || $0.value < 0 }) {
                throw QueueError(.badRequest, "\"baseline\" maps service ids to mean handling seconds (0 or more), at most 100 of them.")
            }
            self = .report(from: from, to: to, interval: f.interval, baseline: f.baseline)
        case "rate":
            let text = try need(f.rating, "rating")
            guard let rating = Rating(rawValue: text) else {
                throw QueueError(.badRequest, "\"rating\" is very-satisfied, satisfied or dissatisfied, not \"\(text)\".")
            }
            var reason: RatingReason?
            if let r = f.reason {
                guard let known = RatingReason(rawValue: r) else {
                    throw QueueError(.badRequest, "\"reason\" is one of \(RatingReason.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(r)\".")
                }
                reason = known
            }
            self = .rate(counter: try need(f.counter, "counter"), ticket: try need(f.ticketId, "ticketId"), rating: rating, reason: reason)
        // Appointments: fields read here, values checked in `checked()` (for in-process callers too).
        case "check-in":
            self = .checkIn(code: try need(f.code, "code"))
        case "appointment-book":
            let time = try need(f.time, "time")
            guard let minute = ClockText.minutes(time), minute < 24 * 60 else {
                throw QueueError(.badRequest, "\"time\" is the slot's start as HH:MM, e.g. 09:15, not \"\(time)\".")
            }
            self = .bookAppointment(service: try need(f.service, "service"), day: try need(f.day, "day"), minute: minute)
        case "appointment-cancel":
            self = .cancelAppointment(day: try need(f.day, "day"), code: try need(f.code, "code"))
        case "appointment-capacity":
            self = .setAppointmentCapacity(service: try need(f.service, "service"), perSlot: try need(f.perSlot, "perSlot"))
        case "appointments":
            self = .appointments(from: try need(f.from, "from"), to: try need(f.to, "to"))
        case "device-state":
            self = .deviceState(try need(f.state, "state"))
        default:
            throw QueueError(.unknownOp, "Unknown operation \"\(op)\"; see docs/PROTOCOL.md for the list.")
        }
    }

    /// The frame for this request.
    func frame(id: Int64?, requestId: String?) -> ClientFrame {
        var f = ClientFrame(type: "request")
        f.id = id
        f.requestId = isMutating ? requestId : nil
        switch self {
        case .command(let command):
            switch command {
            // The slot of a booking is the coordinator's to set, from `check-in`: never sent.
            case .issue(let s, let p, _):
                f.op = "issue"; f.service = s; f.priority = p == .normal ? nil : p.rawValue
            case .callNext(let c): f.op = "call"; f.counter = c
            case .callTicket(let c, let t): f.op = "call"; f.counter = c; f.ticket = t
            case .recall(let c): f.op = "recall"; f.counter = c
            case .start(let c): f.op = "start"; f.counter = c
            case .finish(let c): f.op = "finish"; f.counter = c
            case .noShow(let c): f.op = "no-show"; f.counter = c
            case .transfer(let c, let to): f.op = "transfer"; f.counter = c; f.to = to
            case .pause(let c, let r): f.op = "pause"; f.counter = c; f.reason = r
            case .resume(let c): f.op = "resume"; f.counter = c
            case .signIn(let c, let clerk): f.op = "sign-in"; f.counter = c; f.clerk = clerk
            case .signOut(let c): f.op = "sign-out"; f.counter = c
            case .cancel(let t): f.op = "cancel"; f.ticket = t
            // The coordinator's own clock tick: written as itself, refused if a peer sends it.
            case .tick: f.op = "tick"
            }
        case .status: f.op = "status"
        case .subscribe(let since): f.op = "subscribe"; f.since = since
        case .addDevice(let name, let role, let counter): f.op = "device-add"; f.name = name; f.role = role.rawValue; f.counter = counter
        case .listDevices: f.op = "device-list"
        case .revokeDevice(let name): f.op = "device-revoke"; f.name = name
        case .setClock(let at): f.op = "clock-set"; f.at = at
        case .advanceClock(let s): f.op = "clock-advance"; f.seconds = s
        case .tickets(let from, let to, let after): f.op = "tickets"; f.from = from; f.to = to; f.since = after
        case .report(let from, let to, let interval, let baseline): f.op = "report"; f.from = from; f.to = to; f.interval = interval; f.baseline = baseline
        case .rate(let c, let ticket, let rating, let reason): f.op = "rate"; f.counter = c; f.ticketId = ticket; f.rating = rating.rawValue; f.reason = reason?.rawValue
        case .checkIn(let code): f.op = "check-in"; f.code = code
        case .bookAppointment(let s, let day, let minute): f.op = "appointment-book"; f.service = s; f.day = day; f.time = ClockText.text(minute)
        case .cancelAppointment(let day, let code): f.op = "appointment-cancel"; f.day = day; f.code = code
        case .setAppointmentCapacity(let s, let perSlot): f.op = "appointment-capacity"; f.service = s; f.perSlot = perSlot
        case .appointments(let from, let to): f.op = "appointments"; f.from = from; f.to = to
        case .deviceState(let state): f.op = "device-state"; f.state = state
        }
        return f
    }

    /// "YYYY-MM-DD" that is a real day.

    static func day(_ text: String) throws -> String {
        guard CivilDay.parts(text) != nil else { throw QueueError(.badRequest, "\"\(text)\" is not a day; write it as YYYY-MM-DD, e.g. 2026-11-30.") }
        return text
    }

    /// Six digits, spaces and dashes a citizen might type or a scanner send left out.
    static func appointmentCode(_ text: String) throws -> String {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw QueueError(.badRequest, "An appointment code is six digits, e.g. 042917.")
        }
        return digits
    }
}

extension Request {
    /// The operation's name on the wire ("issue", "device-add", …), for messages about it.
    public var op: String { frame(id: nil, requestId: nil).op ?? "" }
}
