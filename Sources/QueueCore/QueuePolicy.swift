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

    public func next(for counter: Counter, among tickets: some Sequence<Ticket>) -> Ticket? {
        var best: (key: Date, order: Int, ticket: Ticket)?
        for ticket in tickets where ticket.state == .waiting {
            guard let order = counter.services.firstIndex(of: ticket.service) else { continue }
            let key = ticket.priority.isPriority ? ticket.queuedAt - priorityBoost : ticket.queuedAt
            if let b = best, (b.key, b.order, b.ticket.id) <= (key, order, ticket.id) { continue }
            best = (key, order, ticket)
        }
        return best?.ticket
    }
}
