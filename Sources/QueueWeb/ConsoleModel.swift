import Foundation
import QueueCore
import QueueReports

/// What a clerk's console shows for one counter, computed from the hall's state and today's
/// ticket rows. Pure, so a test builds it from a hand-made state and checks every figure.
struct ConsoleModel: Equatable, Sendable {
    var hallName: String
    var counter: Counter
    var status: CounterState
    /// The ticket called to or served at this counter now.
    var current: Ticket?
    /// Waiting tickets of the counter's services in the order Next would call them (at most `shown`).
    var waiting: [Ticket]
    var waitingTotal: Int
    /// The clerk whose count is shown: the signed-in clerk, else the PIN's clerk.
    var clerk: String?
    /// Dossiers received (served tickets) by that clerk today.
    var servedToday: Int
    /// dossiers per clerk-year ÷ working days per year (1,800 ÷ 250 = 7.2).
    var dailyTarget: Double
    /// Dossiers per clerk per year (1,800).
    var yearTarget: Int
    /// How many of today's target should be done by now, pro rata of today's opening hours.
    var expectedByNow: Double
    /// Services a ticket here can be transferred to.
    var services: [Service]
    var serviceNames: [String: String]
    var now: Date
    /// The hall's time zone, for clock times on the page (a booking's slot).
    var zone: TimeZone
    /// The current ticket's service ceiling (its configured service target), seconds.
    var serviceCeiling: TimeInterval?

    /// How long a called citizen may take to come before the console suggests a no-show.
    static let noShowAfter: TimeInterval = 180

    static let shown = 30

    init(state: HallState, today: [Ticket], counter number: Int, clerk pinClerk: String?, now: Date) {
        zone = state.timeZone
        let config = state.config
        hallName = config.hall.name
        counter = config.counter(number) ?? Counter(number: number, name: "Quầy \(number)", services: [])
        status = state.counters[number] ?? CounterState(number: number)
        current = status.ticket.flatMap { state.tickets[$0] }
        serviceCeiling = current.flatMap { config.service($0.service)?.serviceTarget }
        let order = Self.queueOrder(state: state, counter: counter, now: now)
        waitingTotal = order.count
        waiting = Array(order.prefix(Self.shown))
        clerk = status.clerk ?? pinClerk
        let name = clerk
        servedToday = name == nil ? 0 : today.filter { $0.clerk == name && $0.outcome == .served && $0.day == state.day }.count
        let targets = config.targets
        yearTarget = targets.dossiersPerClerkYear
        dailyTarget = HallReport.dailyShare(config: config, day: state.day.isEmpty ? state.localTime(now).day : state.day)
        expectedByNow = dailyTarget * Self.shareOfDayElapsed(config.hall.hours, state.localTime(now))
        services = config.services
        serviceNames = Dictionary(uniqueKeysWithValues: config.services.map { ($0.id, $0.nameVi) })
        self.now = now
    }

    /// The counter's waiting tickets in the order `QueuePolicy.next` would call them.
    static func queueOrder(state: HallState, counter: Counter, now: Date) -> [Ticket] {
        var left = state.tickets.values.filter { $0.state == .waiting && counter.services.contains($0.service) }
        var order: [Ticket] = []
        while let next = state.config.policy.next(for: counter, among: left, now: now) {
            order.append(next)
            left.removeAll { $0.id == next.id }
        }
        return order
    }

    /// The share (0…1) of today's opening minutes that have passed at `time`.
    static func shareOfDayElapsed(_ hours: OpeningHours, _ time: LocalTime) -> Double {
        let sessions = hours.sessions(on: time.day, weekday: time.weekday)
        let total = sessions.reduce(0) { $0 + ($1.end - $1.start) }
        guard total > 0 else { return 0 }
        let passed = sessions.reduce(0) { $0 + max(0, min(time.minuteOfDay, $1.end) - $1.start) }
        return Double(passed) / Double(total)
    }

    /// When the timer means something to do: past the service's ceiling while serving, or past
    /// `noShowAfter` since the call (the citizen may not be coming).
    var timerLimit: TimeInterval? {
        guard let current else { return nil }
        return current.state == .serving ? serviceCeiling : Self.noShowAfter
    }

    /// When the current ticket's timer started: service start, else the last call.
    var timerSince: Date? {
        guard let current else { return nil }
        return current.state == .serving ? current.serviceStartedAt : current.lastCalledAt
    }

    /// Which buttons make sense now; the coordinator still decides.
    var can: Actions {
        let open = status.status == .open
        let state = current?.state
        return Actions(next: open && current == nil && waitingTotal > 0, callNumber: open && current == nil,
                       recall: state == .called, start: state == .called, finish: state == .serving,
                       noShow: state == .called, transfer: state == .called || state == .serving,
                       pause: open && current == nil, resume: status.status == .paused,
                       signOut: status.status != .closed && current == nil)
    }

    struct Actions: Equatable, Sendable {
        var next, callNumber, recall, start, finish, noShow, transfer, pause, resume, signOut: Bool
    }
}
