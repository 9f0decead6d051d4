import Foundation

/// Which waiting ticket a counter calls next.
///
/// FIFO within a service by the time a ticket joined the queue. A priority ticket counts as if it
/// had joined `priorityBoost` earlier, so it goes ahead of normal tickets that came less than that
/// before it, but never ahead of a normal ticket that has waited longer than the boost: every
/// normal ticket is overtaken only by the finitely many priority tickets issued before its own
/// queue time + boost, so none starves. A counter serving several services takes the longest
/// (boosted) wait across them; ties go to the service listed first in its config, then to the
/// lower ticket id. Pure and deterministic.
public struct QueuePolicy: Codable, Equatable, Sendable {
    /// Seconds of head start a priority ticket gets; 0 turns priority off.
    public var priorityBoost: TimeInterval

    public init(priorityBoost: TimeInterval = 20 * 60) {
        self.priorityBoost = priorityBoost
    }

    /// Any tickets, in any order: the simulator and the web console use it over their own lists.
    /// The coordinator asks `HallState.nextTicket(for:)`, which gives the same answer from the
    /// heads of the queues.
    public func next(for counter: Counter, among tickets: some Sequence<Ticket>) -> Ticket? {
        var best: (key: Date, order: Int, ticket: Ticket)?
        for ticket in tickets where ticket.state == .waiting {
            guard let order = counter.services.firstIndex(of: ticket.service) else { continue }
            let key = boosted(ticket.queuedAt, priority: ticket.priority.isPriority)
            if let b = best, (b.key, b.order, b.ticket.id) <= (key, order, ticket.id) { continue }
            best = (key, order, ticket)
        }
        return best?.ticket
    }

    /// The time a ticket counts as having joined its queue.
    func boosted(_ queuedAt: Date, priority: Bool) -> Date {
        priority ? queuedAt - priorityBoost : queuedAt
    }
}

extension HallState {
    /// The ticket `counter` calls next: `config.policy.next(for: counter, among: tickets.values)`,
    /// read from the heads of its services' queues (two per service) instead of every open ticket.
    public func nextTicket(for counter: Counter) -> Ticket? {
        let policy = config.policy
        guard index.isCurrent else { return policy.next(for: counter, among: tickets.values) }
        var best: (key: Date, order: Int, id: Int64)?
        func consider(_ head: QueueKey?, priority: Bool, order: Int) {
            guard let head else { return }
            let key = policy.boosted(head.queuedAt, priority: priority)
            if let b = best, (b.key, b.order, b.id) <= (key, order, head.id) { return }
            best = (key, order, head.id)
        }
        for (order, service) in counter.services.enumerated() {
            guard let queue = index.services[service] else { continue }
            consider(queue.normal.first, priority: false, order: order)
            consider(queue.priority.first, priority: true, order: order)
        }
        return best.flatMap { tickets[$0.id] }
    }
}
