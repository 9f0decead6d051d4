import Foundation
import QueueCore
import QueueReports

/// What the manager's live hall shows: per service the queue and its estimated wait, per counter
/// its state, clerk and ticket, and today's key figures against the targets, computed by the
/// same report code as `queuectl report` (`HallReport.make`). Pure.
struct DashboardModel: Equatable, Sendable {
    struct ServiceLine: Equatable, Sendable {
        var service: Service
        var waiting: Int
        var priorityWaiting: Int
        /// `HallState.estimatedWait`; nil when no counter serving it is staffed.
        var estimatedWait: TimeInterval?
        var staffed: Int
    }

    struct CounterLine: Equatable, Sendable {
        var counter: Counter
        var state: CounterState
        var ticket: Ticket?
    }

    var hallName: String
    var day: String
    var services: [ServiceLine]
    var counters: [CounterLine]
    /// Today's report: `report.total` holds the key figures, `report.clerks` each clerk's count.
    var report: HallReport
    var dailyTarget: Double
    var now: Date
    /// Counters that took wrong PINs lately (someone guessing, or a clerk's typos), from the web
    /// console's guess budget; the hall state knows nothing of them.
    var pinAlerts: [Int: PinGuessBudget.Alert] = [:]
    /// When each paused counter paused (counter → ms): the dashboard says since when.
    var pausedAt: [Int: Int64] = [:]
    /// The boards and kiosks, from the coordinator's memory of them, with the real time now
    /// (their times are the machines' own, not a virtual hall clock's).
    var devices: [DeviceHealth] = []
    var devicesNow = Date()

    /// A pause this long is worth a manager's look.
    static let longPause: TimeInterval = 15 * 60

    /// Services with citizens waiting and no counter staffed for them: nobody will call them.
    var unserved: [ServiceLine] { services.filter { $0.waiting > 0 && $0.staffed == 0 } }

    /// Paused counters paused for `longPause` or more, with since when, oldest first.
    var longPauses: [(counter: Int, since: Date)] {
        counters.compactMap { c in
            guard c.state.status == .paused, let ms = pausedAt[c.counter.number] else { return nil }
            let since = Date(milliseconds: ms)
            return now.timeIntervalSince(since) >= Self.longPause ? (c.counter.number, since) : nil
        }.sorted { $0.since < $1.since }
    }

    /// `cancelledAt`: when each of today's cancelled tickets was cancelled (ticket id → ms).
    init(state: HallState, today: [Ticket], cancelledAt: [Int64: Int64] = [:], now: Date) {
        let config = state.config
        hallName = config.hall.name
        day = state.day.isEmpty ? state.localTime(now).day : state.day
        services = config.services.map { s in
            let waiting = state.waiting(service: s.id)
            return ServiceLine(service: s, waiting: waiting.count, priorityWaiting: waiting.filter(\.priority.isPriority).count,
                               estimatedWait: state.estimatedWait(s.id, at: now), staffed: state.staffedCounters(s.id))
        }
        counters = config.counters.map { c in
            let cs = state.counters[c.number] ?? CounterState(number: c.number)
            return CounterLine(counter: c, state: cs, ticket: cs.ticket.flatMap { state.tickets[$0] })
        }
        let day = self.day
        // Citizens still waiting count at their wait so far (a lower bound) in the mean of all.
        let rows = today.filter { $0.day == day }.map { t -> ReportTicket in
            var row = ReportTicket(t)
            row.endedAt = cancelledAt[t.id]
            return row
        }
        report = HallReport.make(tickets: rows, config: config, from: day, to: day,
                                 context: ReportContext(now: now.milliseconds))
        dailyTarget = HallReport.dailyShare(config: config, day: day)
        self.now = now
    }

    var waitingTotal: Int { services.reduce(0) { $0 + $1.waiting } }
}
