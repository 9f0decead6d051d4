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

    /// How many of `tickets` a counter of `ticket`'s service calls before it: the waiting tickets
    /// of that service that come first in this policy's order (boosted wait, then id).
    public func ahead(of ticket: Ticket, among tickets: some Sequence<Ticket>) -> Int {
        guard ticket.state == .waiting else { return 0 }
        let key = boosted(ticket.queuedAt, priority: ticket.priority.isPriority)
        return tickets.count(where: { other in
            other.state == .waiting && other.service == ticket.service && other.id != ticket.id
                && (boosted(other.queuedAt, priority: other.priority.isPriority), other.id) < (key, ticket.id)
        })
    }
}

extension HallState {
    /// The ticket `counter` calls next: `config.policy.next(for: counter, among: tickets.values)`,
    /// read from the heads of its services' queues (two per service) instead of every open ticket.
    public func nextTicket(for counter: Counter) -> Ticket? {
        let policy = config.policy
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

    /// How many waiting tickets of its service are called before `ticket`, in the policy's order:
    /// what the citizen holding it is told is ahead (`config.policy.ahead(of:among:)`, counted
    /// by binary search in the two queues of the service).
    public func ahead(of ticket: Ticket) -> Int {
        let policy = config.policy
        guard ticket.state == .waiting, let queue = index.services[ticket.service] else { return 0 }
        let key = (policy.boosted(ticket.queuedAt, priority: ticket.priority.isPriority), ticket.id)
        // Each class is in queue order, and the boost is one constant: the tickets of a class that
        // come first in the policy's order are a prefix of it, compared exactly as `next` does.
        return queue.normal.count(while: { (policy.boosted($0.queuedAt, priority: false), $0.id) < key })
            + queue.priority.count(while: { (policy.boosted($0.queuedAt, priority: true), $0.id) < key })
    }
}
