import Foundation
import QueueCore

/// What the coordinator answers to one request, typed. On the wire it is a `reply` frame whose
/// keys tell the shapes apart (docs/PROTOCOL.md, "Replies"); `init(frame:)` and `frame` are the
/// one mapping between the two.
public enum Reply: Equatable, Sendable {
    /// `issue`: the ticket, as its holder is told it.
    case issued(Issued)
    /// Any other change: the events it committed (none when it changed nothing), and after a
    /// clock move the hall's new time.
    case changed(events: [Event], now: Date?)
    /// `status`: the hall as last committed, at hall time `now`.
    case status(HallState, now: Date)
    /// `subscribe`: the sequence number that the snapshot or backlog after this reply brings the
    /// subscriber to, at hall time `now`.
    case subscribed(seq: Int64, now: Date?)
    /// `device-list` (every device), `device-add` (the new one and its key, sent only this once)
    /// and `device-revoke` (the revoked one).
    case devices([DeviceInfo], key: String?)
    /// `tickets`: one page of ticket rows in id order, and when each cancelled one was cancelled
    /// (ticket id → ms).
    case tickets([Ticket], cancelledAt: [String: Int64])
    /// `report`: the computed report (schema "queue-report/2", docs/REPORTS.md).
    case report(JSONValue)
    /// `appointments` (the bookings of the days asked), `appointment-book` and
    /// `appointment-cancel` (the one booked or cancelled), `appointment-capacity` (none): with
    /// every service's capacity per slot.
    case appointments([Appointment], capacity: [String: Int])

    /// A ticket just issued: how many of its service the coordinator calls before it (its own
    /// order, a priority ticket ahead of recent normal ones), the estimated wait (nil when no
    /// counter serves the service now), and the events committed. `ahead` is nil only from a
    /// coordinator older than this client, whose reply had the events alone. `page` is the
    /// ticket's page for the citizen's phone (the QR on the ticket), nil without web pages.
    public struct Issued: Equatable, Sendable {
        public var ticket: Ticket
        public var ahead: Int?
        public var estimate: TimeInterval?
        public var events: [Event]
        public var page: String?
        /// For a `check-in`: the booking, now with its ticket. The ticket is a walk-in's (no
        /// `appointmentAt`) when the citizen came more than `Appointments.lateAfter` late.
        public var appointment: Appointment?

        public init(ticket: Ticket, ahead: Int?, estimate: TimeInterval?, events: [Event], page: String? = nil,
                    appointment: Appointment? = nil) {
            self.ticket = ticket
            self.ahead = ahead
            self.estimate = estimate
            self.events = events
            self.page = page
            self.appointment = appointment
        }
    }

    /// The events a change committed; none for a read.
    public var events: [Event] {
        switch self {
        case .issued(let issued): return issued.events
        case .changed(let events, _): return events
        default: return []
        }
    }

    /// Hall time, in a `status` reply and after a clock move.
    public var now: Date? {
        switch self {
        case .status(_, let now): return now
        case .changed(_, let now): return now
        default: return nil
        }
    }

    /// The reply as remembered for a retry: a new device's key is sent once and never stored.
    public var withoutKey: Reply {
        if case .devices(let devices, _?) = self { return .devices(devices, key: nil) }
        return self
    }

    /// The new device's key, in a `device-add` reply.
    public var key: String? {
        if case .devices(_, let key) = self { return key }
        return nil
    }

    /// The hall state of a `status` reply.
    public var state: HallState? {
        if case .status(let state, _) = self { return state }
        return nil
    }
}

extension Reply {
    /// Reads a `reply` frame by its keys.
    init(frame f: ServerFrame) {
        if let state = f.state {
            self = .status(state, now: f.now ?? Date(milliseconds: 0))
        } else if let ticket = f.ticket ?? Self.olderIssue(f.events) {
            self = .issued(Issued(ticket: ticket, ahead: f.ahead, estimate: f.estimate, events: f.events ?? [], page: f.page,
                                  appointment: f.appointment))
        } else if let capacity = f.capacity {
            self = .appointments(f.appointments ?? [], capacity: capacity)
        } else if let report = f.report {
            self = .report(report)
        } else if let tickets = f.tickets {
            self = .tickets(tickets, cancelledAt: f.cancelledAt ?? [:])
        } else if let devices = f.devices {
            self = .devices(devices, key: f.key)
        } else if let seq = f.seq {
            self = .subscribed(seq: seq, now: f.now)
        } else {
            self = .changed(events: f.events ?? [], now: f.now)
        }
    }

    /// An older coordinator sent an issue's ticket in its events alone: an `issued` event, in a
    /// reply that is no transfer (a transfer issues the ticket again in its new service).
    private static func olderIssue(_ events: [Event]?) -> Ticket? {
        guard let events, !events.contains(where: { $0.kind == .transferred }) else { return nil }
        return events.last(where: { $0.kind == .issued })?.ticket
    }

    /// The ticket an `issue` issued.
    public var issuedTicket: Ticket? {
        if case .issued(let issued) = self { return issued.ticket }
        return nil
    }

    /// The ticket a `call` (or `recall`) brought to its counter, from the events of its reply.
    public var calledTicket: Ticket? {
        events.last(where: { $0.kind == .called || $0.kind == .recalled })?.ticket
    }

    /// The `reply` frame, without its id.
    var frame: ServerFrame {
        var f = ServerFrame(type: "reply")
        switch self {
        case .issued(let issued):
            f.events = issued.events
            f.ticket = issued.ticket
            f.ahead = issued.ahead
            f.estimate = issued.estimate
            f.page = issued.page
            f.appointment = issued.appointment
        case .appointments(let appointments, let capacity):
            f.appointments = appointments
            f.capacity = capacity
        case .changed(let events, let now):
            f.events = events
            f.now = now
        case .status(let state, let now):
            f.state = state
            f.now = now
        case .subscribed(let seq, let now):
            f.seq = seq
            f.now = now
        case .devices(let devices, let key):
            f.devices = devices
            f.key = key
        case .tickets(let tickets, let cancelledAt):
            f.tickets = tickets
            f.cancelledAt = cancelledAt.isEmpty ? nil : cancelledAt
        case .report(let report):
            f.report = report
        }
        return f
    }
}

/// What the coordinator pushes to a subscriber, unasked.
public enum Push: Equatable, Sendable {
    /// The whole hall at hall time `now`: after `subscribe` without a usable `since`.
    case snapshot(HallState, now: Date?)
    /// One committed event, in sequence order.
    case event(Event)

    /// The `event` or `snapshot` frame.
    var frame: ServerFrame {
        switch self {
        case .event(let event):
            var f = ServerFrame(type: "event")
            f.event = event
            return f
        case .snapshot(let state, let now):
            var f = ServerFrame(type: "snapshot")
            f.state = state
            f.now = now
            return f
        }
    }

    /// Reads an `event` or `snapshot` frame; nil for any other.
    init?(frame f: ServerFrame) {
        switch f.type {
        case "event": guard let event = f.event else { return nil }; self = .event(event)
        case "snapshot": guard let state = f.state else { return nil }; self = .snapshot(state, now: f.now)
        default: return nil
        }
    }
}
