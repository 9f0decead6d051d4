import Foundation
import QueueCore

/// One request of the simulation, at its instant on the hall's virtual clock, with what the
/// coordinator should answer (the ticket it issues or calls), so a divergence is caught.
public struct Step: Sendable {
    public var at: Int64
    public var command: Command
    /// The label of the ticket an `issue` or `call` must give.
    public var expectedLabel: String?
}

/// Plans one simulated day as a discrete-event model of the hall: citizens arrive by the
/// `ArrivalProfile`, clerks sign in per session, call, wait for the citizen to walk up, serve
/// for a time drawn per service, take a break, mark no-shows, transfer, and sign out when the
/// session ends. Every command is decided by the same pure `HallState.decide` the coordinator
/// uses, so the plan holds only commands the coordinator will accept, and the model stays equal
/// to the coordinator's state. Deterministic: same state, day and seed give the same steps.
struct DayPlanner {
    enum Action {
        case arrive(service: String, priority: PriorityClass, givesUp: Bool)
        case signIn(Int)
        case next(Int)
        case start(Int)
        case finish(Int)
        case recall(Int)
        case noShow(Int)
        case transfer(Int, to: String)
        case resume(Int)
        case sessionEnd(Int)
        case cancel(Int64)
    }

    var model: HallState
    let scenario: Scenario
    var rng: SeededRandom
    /// The committed events, when the plan is written to a database directly (benchmarks).
    var events: [Event]?
    private(set) var steps: [Step] = []
    private var heap = ActionHeap()
    private var idle = Set<Int>()
    private var closing = Set<Int>()
    private var breakDue: [Int: Int64] = [:]
    private var serviceScale = 1.0
    private var mix: [(service: Service, share: Double, minutes: Double)]

    init(model: HallState, scenario: Scenario, seed: UInt64, day: String, recordEvents: Bool = false) {
        self.model = model
        self.scenario = scenario
        rng = SeededRandom(seed: seed, stream: UInt64(day.filter(\.isNumber)) ?? 0)
        events = recordEvents ? [] : nil
        mix = scenario.mix(model.config)
    }

    /// Plans `day`; the steps are in time order and `model` is the hall after them.
    mutating func plan(day: String) -> [Step] {
        let config = model.config
        let zone = model.timeZone
        guard let midnight = LocalTime.startOfDay(day, in: zone)?.milliseconds else { return [] }
        let nextMidnight = LocalTime.startOfDay(Self.dayAfter(day, zone), in: zone)?.milliseconds ?? midnight + 86_400_000
        let weekday = LocalTime(Date(milliseconds: midnight + 12 * 3_600_000), in: zone).weekday
        let sessions = config.hall.hours.sessions(on: day, weekday: weekday)
        guard !sessions.isEmpty else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func instant(_ minute: Int) -> Int64 {
            if minute >= 24 * 60 { return nextMidnight - 1 }
            return (ArrivalProfile.instant(day: day, minute: minute, midnight: Date(milliseconds: midnight), calendar: calendar, zone: zone)
                ?? Date(milliseconds: midnight + Int64(minute) * 60_000)).milliseconds
        }

        // Clerks per session: most on time, some late or leaving early, some taking a break.
        var capacityMinutes = 0.0
        for session in sessions {
            let open = instant(session.start), close = instant(session.end)
            for counter in config.counters {
                var signIn = open + Int64(rng.uniform(0, 240_000))
                var end = close
                if rng.chance(scenario.shortSessionShare) {
                    let cut = Int64(rng.uniform(30, 90) * 60_000)
                    if rng.chance(0.5) { signIn += cut } else { end -= cut }
                }
                guard end > signIn + 600_000 else { continue }
                capacityMinutes += Double(end - signIn) / 60_000
                schedule(signIn, .signIn(counter.number))
                schedule(end, .sessionEnd(counter.number))
                if rng.chance(scenario.breakShare) {
                    breakDue[counter.number] = signIn + Int64(rng.uniform(0.35, 0.65) * Double(end - signIn))
                }
            }
        }
        // A shorter day (Saturday morning) gets fewer citizens, in proportion to its open minutes.
        let fullDay = (1...7).map { config.hall.hours.sessions(onWeekday: $0).reduce(0) { $0 + $1.end - $1.start } }.max() ?? 1
        let today = sessions.reduce(0) { $0 + $1.end - $1.start }
        let ticketsToday = Int((Double(scenario.ticketsPerDay) * Double(today) / Double(max(1, fullDay))).rounded())
        // Service times shrink when more tickets are asked for than the counters can serve at
        // the listed means, so a busy simulated hall stays busy rather than hopeless.
        // Walking up, wrapping up and no-shows take about a minute per ticket whatever the service.
        let meanService = mix.reduce(0) { $0 + $1.share * $1.minutes } / max(1e-9, mix.reduce(0) { $0 + $1.share })
        let budget = 0.8 * capacityMinutes / max(1, Double(ticketsToday)) - 1.0
        serviceScale = min(1, max(0.05, budget / meanService))

        let profile = ArrivalProfile(day: day, hours: config.hall.hours, zone: zone)
        let shares = mix.map(\.share)
        for at in profile.arrivals(ticketsToday, rng: &rng) {
            let service = mix[rng.pick(weights: shares)].service.id
            var priority = PriorityClass.normal
            if rng.chance(scenario.priorityShare) {
                priority = [.elderly, .elderly, .disabled, .pregnant, .child][Int(rng.unit() * 5)]
            }
            schedule(at, .arrive(service: service, priority: priority, givesUp: rng.chance(scenario.cancelShare)))
        }

        while let (at, action) = heap.pop() {
            guard at < nextMidnight else { continue } // the day's close ends whatever was still going on
            handle(action, at: at)
        }
        let out = steps
        steps = []
        idle = []
        closing = []
        breakDue = [:]
        return out
    }

    private mutating func handle(_ action: Action, at: Int64) {
        switch action {
        case .arrive(let service, let priority, let givesUp):
            guard let changes = perform(.issue(service: service, priority: priority), at: at),
                  let ticket = changes.last(where: { $0.kind == .issued })?.ticket else { return }
            steps[steps.count - 1].expectedLabel = ticket.label
            if givesUp { schedule(at + Int64(rng.uniform(15, 60) * 60_000), .cancel(ticket.id)) }
            wake(for: ticket.service, at: at)

        case .signIn(let c):
            guard perform(.signIn(counter: c, clerk: ClerkNames.name(counter: c)), at: at) != nil else { return }
            schedule(at + Int64(rng.uniform(5, 60) * 1000), .next(c))

        case .next(let c):
            guard let counter = model.counters[c], counter.status == .open, counter.ticket == nil else { return }
            if closing.contains(c) {
                _ = perform(.signOut(counter: c), at: at)
                closing.remove(c)
                return
            }
            if let due = breakDue[c], at >= due {
                breakDue[c] = nil
                if perform(.pause(counter: c, reason: "nghỉ giải lao"), at: at) != nil {
                    schedule(at + Int64(rng.uniform(8, 15) * 60_000), .resume(c))
                    return
                }
            }
            guard let changes = perform(.callNext(counter: c), at: at), let called = changes.last?.ticket else {
                idle.insert(c)
                return
            }
            steps[steps.count - 1].expectedLabel = called.label
            if rng.chance(scenario.noShowShare) {
                schedule(at + Int64(rng.uniform(60, 90) * 1000), .recall(c))
            } else {
                schedule(at + Int64(min(300, max(5, rng.logNormal(mean: 40, sigma: 0.5))) * 1000), .start(c))
            }

        case .recall(let c):
            if perform(.recall(counter: c), at: at) != nil { schedule(at + Int64(rng.uniform(90, 120) * 1000), .noShow(c)) }

        case .noShow(let c):
            if perform(.noShow(counter: c), at: at) != nil { scheduleNext(c, at) }

        case .start(let c):
            guard let changes = perform(.start(counter: c), at: at), let ticket = changes.last?.ticket else { return }
            let minutes = mix.first { $0.service.id == ticket.service }?.minutes ?? 10
            let mean = minutes * 60 * serviceScale
            let seconds = min(4 * mean + 60, max(20, rng.logNormal(mean: mean, sigma: scenario.serviceSpread)))
            let others = model.config.services.map(\.id).filter { $0 != ticket.service }
            if !others.isEmpty && rng.chance(scenario.transferShare) {
                schedule(at + Int64(seconds * rng.uniform(0.3, 0.7) * 1000), .transfer(c, to: others[Int(rng.unit() * Double(others.count))]))
            } else {
                schedule(at + Int64(seconds * 1000), .finish(c))
            }

        case .finish(let c):
            if perform(.finish(counter: c), at: at) != nil { scheduleNext(c, at) }

        case .transfer(let c, let to):
            guard perform(.transfer(counter: c, to: to), at: at) != nil else { return }
            scheduleNext(c, at)
            wake(for: to, at: at)

        case .resume(let c):
            if perform(.resume(counter: c), at: at) != nil { schedule(at + 2_000, .next(c)) }

        case .sessionEnd(let c):
            guard let counter = model.counters[c], counter.status != .closed else { return }
            if counter.status == .paused { _ = perform(.resume(counter: c), at: at) }
            if model.counters[c]?.ticket == nil {
                idle.remove(c)
                _ = perform(.signOut(counter: c), at: at)
            } else {
                closing.insert(c)
            }

        case .cancel(let id):
            guard let ticket = model.tickets[id], ticket.state == .waiting,
                  model.ticket(label: ticket.label)?.id == id else { return }
            _ = perform(.cancel(label: ticket.label), at: at)
        }
    }

    /// Idle counters that serve `service` notice the new ticket a few seconds later.
    private mutating func wake(for service: String, at: Int64) {
        for c in idle.sorted() where model.config.counter(c)?.services.contains(service) == true {
            idle.remove(c)
            schedule(at + Int64(rng.uniform(1, 8) * 1000), .next(c))
        }
    }

    private mutating func scheduleNext(_ c: Int, _ at: Int64) {
        schedule(at + Int64(rng.uniform(3, 20) * 1000), .next(c))
    }

    private mutating func schedule(_ at: Int64, _ action: Action) { heap.push(at, action) }

    /// Decides `command` at `at` on the model; on success applies it and records the step.
    private mutating func perform(_ command: Command, at: Int64) -> [Change]? {
        let now = Date(milliseconds: at)
        guard case .success(let changes) = model.decide(command, now: now) else { return nil }
        let recorded = model.record(changes, by: "simulator", at: now)
        events?.append(contentsOf: recorded)
        steps.append(Step(at: at, command: command))
        return changes
    }

    static func dayAfter(_ day: String, _ zone: TimeZone) -> String {
        guard let start = LocalTime.startOfDay(day, in: zone) else { return day }
        return LocalTime(start.addingTimeInterval(36 * 3600), in: zone).day
    }
}

/// The model's pending actions, earliest first; equal instants in the order they were scheduled.
struct ActionHeap {
    private var items: [(at: Int64, order: Int, action: DayPlanner.Action)] = []
    private var counter = 0

    mutating func push(_ at: Int64, _ action: DayPlanner.Action) {
        counter += 1
        items.append((at, counter, action))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int64, DayPlanner.Action)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(l, m) { m = l }
            if r < items.count && less(r, m) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return (top.at, top.action)
    }

    private func less(_ a: Int, _ b: Int) -> Bool { (items[a].at, items[a].order) < (items[b].at, items[b].order) }
}
