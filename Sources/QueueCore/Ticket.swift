import Foundation

/// One citizen's place in one service's queue. A transfer ends this row (outcome `.transferred`)
/// and opens a new one for the next service with the same label, the original `issuedAt` and
/// `transferredFrom` pointing back here.
public struct Ticket: Codable, Equatable, Sendable, Identifiable {
    public var id: Int64
    public var day: String
    public var service: String
    public var number: Int
    /// "A023"
    public var label: String
    public var priority: PriorityClass
    public var state: TicketState
    public var outcome: Outcome?
    public var issuedAt: Date
    /// When it joined this service's queue: `issuedAt`, or the transfer time.
    public var queuedAt: Date
    public var firstCalledAt: Date?
    public var lastCalledAt: Date?
    public var callCount: Int
    public var counter: Int?
    public var clerk: String?
    public var serviceStartedAt: Date?
    public var serviceEndedAt: Date?
    public var transferredFrom: Int64?
    /// For a citizen who booked: the start of the appointment's slot. The policy holds the ticket
    /// until then and counts it from `QueuePolicy.appointmentLead` before it (see `QueuePolicy`).
    public var appointmentAt: Date?

    public init(id: Int64, day: String, service: String, number: Int, label: String, priority: PriorityClass,
                issuedAt: Date, queuedAt: Date? = nil, transferredFrom: Int64? = nil, appointmentAt: Date? = nil) {
        self.id = id
        self.day = day
        self.service = service
        self.number = number
        self.label = label
        self.priority = priority
        self.state = .waiting
        self.outcome = nil
        self.issuedAt = issuedAt
        self.queuedAt = queuedAt ?? issuedAt
        self.callCount = 0
        self.transferredFrom = transferredFrom
        self.appointmentAt = appointmentAt
    }

    public var isOpen: Bool { state != .done }

    /// When the hall's wait for this row starts, for reports: when it joined the queue; for a
    /// booked citizen who checked in before the slot, the slot (the hour before it was their
    /// choice), or the call if a free counter called them sooner.
    public var waitStartsAt: Date { Self.waitStart(queuedAt: queuedAt, appointmentAt: appointmentAt, firstCalledAt: firstCalledAt) }

    public static func waitStart<T: Comparable>(queuedAt: T, appointmentAt: T?, firstCalledAt: T?) -> T {
        guard let slot = appointmentAt, slot > queuedAt else { return queuedAt }
        return firstCalledAt.map { min($0, slot) } ?? slot
    }
}

public enum TicketState: String, Codable, Sendable {
    case waiting, called, serving, done
}

/// How a ticket ended.
public enum Outcome: String, Codable, Sendable, CaseIterable {
    case served
    case noShow = "no-show"
    case transferred
    case cancelled
    case openAtClose = "open-at-close"
    /// Still open when the day closed, and no longer servable: the hall config had dropped its
    /// service (or, for a called ticket, its counter). A report names these apart from the citizens
    /// the hall simply did not reach.
    case stranded
}

/// Priority classes the kiosk offers (người cao tuổi, người khuyết tật, phụ nữ mang thai, người có con nhỏ).
public enum PriorityClass: String, Codable, Sendable, CaseIterable {
    case normal, priority, elderly, disabled, pregnant, child
    public var isPriority: Bool { self != .normal }
}
