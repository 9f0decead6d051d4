import Foundation

/// Which waiting ticket a counter calls next.
///
/// FIFO within a service by the time a ticket counts as having joined the queue (its key):
/// - a normal ticket: when it joined (`queuedAt`);
/// - a priority ticket: `priorityBoost` earlier, so it goes ahead of normal tickets that came
///   less than that before it, never ahead of one that has waited longer;
/// - an appointment's ticket: `appointmentLead` before its slot, and it is held until the slot
///   starts. From then it goes ahead of every walk-in who joined less than `appointmentLead`
///   before the slot: while the hall keeps its waits under the lead, a booked citizen is called
///   at the slot. A counter with nobody else to call takes a held one early.
///
/// No ticket starves: a walk-in is overtaken only by the finitely many priority tickets issued
/// before its queue time + boost and appointments with slots before its queue time + lead (at
/// most the booked capacity). A counter serving several services takes the smallest key across
/// them; ties go to the service listed first in its config, then to the lower ticket id. Pure
/// and deterministic.
public struct QueuePolicy: Codable, Equatable, Sendable {
    /// Seconds of head start a priority ticket gets; 0 turns priority off.
    public var priorityBoost: TimeInterval
    /// Seconds before its slot an appointment's ticket counts as having joined the queue.
    public var appointmentLead: TimeInterval

    public static let defaultAppointmentLead: TimeInterval = 30 * 60

    public init(priorityBoost: TimeInterval = 20 * 60, appointmentLead: TimeInterval = QueuePolicy.defaultAppointmentLead) {
        self.priorityBoost = priorityBoost
        self.appointmentLead = appointmentLead
    }

    enum CodingKeys: String, CodingKey { case priorityBoost, appointmentLead }

    /// A hall config from a coordinator that had no appointments decodes with the default lead.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        priorityBoost = try c.decode(TimeInterval.self, forKey: .priorityBoost)
        appointmentLead = try c.decodeIfPresent(TimeInterval.self, forKey: .appointmentLead) ?? Self.defaultAppointmentLead
    }

    /// Any tickets, in any order: the simulator and the web console use it over their own lists.
    /// The coordinator asks `HallState.nextTicket(for:now:)`, which gives the same answer from the
    /// heads of the queues.
    public func next(for counter: Counter, among tickets: some Sequence<Ticket>, now: Date) -> Ticket? {
        var best: (held: Bool, key: Date, order: Int, ticket: Ticket)?
        for ticket in tickets where ticket.state == .waiting {
            guard let order = counter.services.firstIndex(of: ticket.service) else { continue }
            let held = isHeld(ticket.appointmentAt, now: now)
            let key = key(of: ticket)
            if let b = best, (b.held ? 1 : 0, b.key, b.order, b.ticket.id) <= (held ? 1 : 0, key, order, ticket.id) { continue }
            best = (held, key, order, ticket)
        }
        return best?.ticket
    }

    /// The time a ticket counts as having joined its queue.
    public func key(of ticket: Ticket) -> Date {
        key(QueueClass(ticket), at: ticket.appointmentAt ?? ticket.queuedAt)
    }

    /// The key of a ticket of class `queueClass` that joined (or is booked) at `at`.
    func key(_ queueClass: QueueClass, at: Date) -> Date {
        switch queueClass {
        case .normal: return at
        case .priority: return at - priorityBoost
        case .appointment: return at - appointmentLead
        }
    }

    /// Whether an appointment's ticket is still held: its slot has not started.
    func isHeld(_ slot: Date?, now: Date) -> Bool { slot.map { $0 > now } ?? false }

    /// How many of `tickets` a counter of `ticket`'s service calls before it: the waiting tickets
    /// of that service with a smaller key (then id). Held tickets count by their key, as if due.
    public func ahead(of ticket: Ticket, among tickets: some Sequence<Ticket>) -> Int {
        guard ticket.state == .waiting else { return 0 }
        let key = key(of: ticket)
        return tickets.count(where: { other in
            other.state == .waiting && other.service == ticket.service && other.id != ticket.id
                && (self.key(of: other), other.id) < (key, ticket.id)
        })
    }
}

/// The three ways a ticket is placed in its queue, each kept in its own order.
enum QueueClass: CaseIterable {
    case normal, priority, appointment

    init(_ ticket: Ticket) {
        self = ticket.appointmentAt != nil ? .appointment : ticket.priority.isPriority ? .priority : .normal
    }
}

extension HallState {
    /// The ticket `counter` calls next at `now`: `config.policy.next(for: counter, among: tickets.values, now: now)`,
    /// read from the heads of its services' queues (three per service) instead of every open ticket.
    public func nextTicket(for counter: Counter, now: Date) -> Ticket? {
        let policy = config.policy
        var best: (held: Int, key: Date, order: Int, id: Int64)?
        func consider(_ head: QueueKey?, _ queueClass: QueueClass, order: Int) {
            guard let head else { return }
            let held = queueClass == .appointment && policy.isHeld(head.at, now: now) ? 1 : 0
            let key = policy.key(queueClass, at: head.at)
            if let b = best, (b.held, b.key, b.order, b.id) <= (held, key, order, head.id) { return }
            best = (held, key, order, head.id)
        }
        for (order, service) in counter.services.enumerated() {
            guard let queue = index.services[service] else { continue }
            for queueClass in QueueClass.allCases { consider(queue[queueClass].first, queueClass, order: order) }
        }
        return best.flatMap { tickets[$0.id] }
    }

    /// How many waiting tickets of its service are called before `ticket`, in the policy's order:
    /// what the citizen holding it is told is ahead (`config.policy.ahead(of:among:)`, counted
    /// by binary search in the three queues of the service).
    public func ahead(of ticket: Ticket) -> Int {
        let policy = config.policy
        guard ticket.state == .waiting, let queue = index.services[ticket.service] else { return 0 }
        let key = (policy.key(of: ticket), ticket.id)
        // Each class is in order of `at`, and its offset is one constant: the tickets of a class
        // that come first in the policy's order are a prefix of it, compared exactly as `next` does.
        return QueueClass.allCases.reduce(0) { sum, queueClass in
            sum + queue[queueClass].count(while: { (policy.key(queueClass, at: $0.at), $0.id) < key })
        }
    }

    /// How many waiting tickets of `service` a normal ticket issued at `now` would wait behind:
    /// every walk-in so far, and the bookings whose key (slot − lead) comes before `now`, not
    /// those booked for later. What a kiosk tile, a board and an estimate for a new ticket count.
    public func aheadOfNew(_ service: String, at now: Date) -> Int {
        let policy = config.policy
        guard let queue = index.services[service] else { return 0 }
        return QueueClass.allCases.reduce(0) { sum, queueClass in
            sum + queue[queueClass].count(while: { (policy.key(queueClass, at: $0.at), $0.id) < (now, Int64.max) })
        }
    }
}
