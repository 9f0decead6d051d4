import Foundation
import Logging
import QueueCore

/// What a manager should know at start-up but that need not stop the hall: a clock behind the
/// recorded day, and open tickets the current config no longer serves.
enum StartupWarnings {
    static func log(state: HallState, now: Date, logger: Logger) {
        let today = state.localTime(now).day
        if !state.day.isEmpty, today < state.day {
            logger.warning("the clock says \(today), before the last recorded day \(state.day): days only move forward, so \(state.day) stays open until the clock passes it. Check the box's time synchronisation.")
        }
        let services = Set(state.config.services.map(\.id))
        let orphans = state.tickets.values.filter { !services.contains($0.service) }
        for (service, tickets) in Dictionary(grouping: orphans, by: \.service).sorted(by: { $0.key < $1.key }) {
            logger.warning("\(tickets.count) open ticket(s) of service \(service), which the config no longer has (\(tickets.map(\.label).sorted().prefix(5).joined(separator: ", "))…): no counter can call them; they end as stranded when the day closes, and reports count them apart. Put the service back to serve them.")
        }
        let counters = Set(state.config.counters.map(\.number))
        for ticket in state.tickets.values where ticket.counter.map({ !counters.contains($0) }) ?? false && ticket.state != .waiting {
            logger.warning("ticket \(ticket.label) is \(ticket.state.rawValue) at counter \(ticket.counter ?? 0), which the config no longer has: it ends as stranded when the day closes. Put the counter back to finish it.")
        }
    }
}
