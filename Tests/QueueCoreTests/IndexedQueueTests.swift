import Foundation
import QueueConfig
import QueueCore
import Testing

/// The hall's waiting queues and labels are an index kept by `apply`; these walks drive a hall
/// with random commands (seeded, so a failure names its seed and replays) and check after every
/// step that each indexed answer equals the plain scan over all open tickets it replaced.
@Suite struct IndexedQueueTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2026, 0xC0FFEE, 0xDEAD_BEEF, 123_456_789]

    @Test(arguments: seeds) func indexedAnswersEqualTheScanAfterEveryStep(seed: UInt64) throws {
        var config = HallConfigLoader.defaultHall()
        if seed % 3 == 0 { config.policy.priorityBoost = 0 } // priority off: plain FIFO
        if seed % 4 == 2 { config = Self.withLongLabels(config) }
        var hall = TestHall(config: config)
        var random = SeededRandom(seed: seed)
        for step in 0..<600 {
            let command = Self.command(&random, hall)
            Self.moveClock(&random, &hall)
            _ = try? hall.run(command) // refusals are part of the walk
            let context = "seed \(seed), step \(step), after \(command)"
            Self.expectIndexMatchesScan(hall.state, now: hall.now, context)
            let decoded = try JSONDecoder().decode(HallState.self, from: JSONEncoder().encode(hall.state))
            #expect(decoded == hall.state, "decoded state differs: \(context)")
            Self.expectSameAnswers(decoded, hall.state, now: hall.now, context)
        }
        #expect(hall.state.seq > 100, "seed \(seed): the walk changed too little to mean anything")
    }

    /// The store rebuilds a state from its rows with `load(openTickets:)`: the index comes with
    /// it, and the next `apply` keeps it.
    @Test func aStateLoadedFromRowsAnswersLikeTheOneThatLivedThrough() throws {
        var hall = TestHall()
        var random = SeededRandom(seed: 7)
        for _ in 0..<150 {
            Self.moveClock(&random, &hall)
            _ = try? hall.run(Self.command(&random, hall))
        }
        var loaded = HallState(config: hall.state.config, day: hall.state.day)
        loaded.load(openTickets: Array(hall.state.tickets.values))
        loaded.counters = hall.state.counters
        loaded.seq = hall.state.seq
        loaded.recentServiceTimes = hall.state.recentServiceTimes
        Self.expectIndexMatchesScan(loaded, now: hall.now, "loaded")
        Self.expectSameAnswers(loaded, hall.state, now: hall.now, "loaded")
        loaded.apply(Event(seq: loaded.seq + 1, at: hall.now, kind: .paused, device: "test",
                           counter: CounterState(number: 8, status: .paused, clerk: "c8", pauseReason: "test")))
        Self.expectIndexMatchesScan(loaded, now: hall.now, "after one apply")
        Self.expectSameAnswers(loaded, hall.state, now: hall.now, "after one apply")
    }

    /// Service ids as long as a program may make them (a hall file allows one letter), so labels
    /// ("Long-service-A001") are longer than the index's packed key and take its other path.
    static func withLongLabels(_ config: HallConfig) -> HallConfig {
        var config = config
        for i in config.services.indices { config.services[i].id = "Long-service-" + config.services[i].id }
        for i in config.counters.indices { config.counters[i].services = config.counters[i].services.map { "Long-service-" + $0 } }
        return config
    }

    // MARK: the walk

    static let clerks = ["Lan", "Minh", "Hoa"]

    /// One command: mostly issues and calls, every other command now and then.
    static func command(_ random: inout SeededRandom, _ hall: TestHall) -> Command {
        let state = hall.state
        let counter = random.int(1...(state.config.counters.count + 1)) // one more than exist now and then
        let service = random.pick(state.config.services.map(\.id) + ["Z"])!
        let label = random.int(0..<4) == 0 ? "Q999" : (random.pick(state.tickets.values.map(\.label).sorted()) ?? "A001")
        switch random.int(0..<100) {
        case 0..<35:
            let priority: PriorityClass = random.int(0..<4) == 0 ? random.pick(PriorityClass.allCases)! : .normal
            // Now and then a booked citizen, whose slot may be past, near or hours away.
            let slot = random.int(0..<5) == 0 ? hall.now + Double(random.int(-1800...7200)) : nil
            return .issue(service: service, priority: priority, appointment: slot)
        case 35..<52: return .callNext(counter: counter)
        case 52..<55: return .callTicket(counter: counter, label: random.int(0..<2) == 0 ? label : label.lowercased())
        case 55..<58: return .recall(counter: counter)
        case 58..<66: return .start(counter: counter)
        case 66..<74: return .finish(counter: counter)
        case 74..<78: return .noShow(counter: counter)
        case 78..<82: return .transfer(counter: counter, to: service)
        case 82..<85: return .cancel(label: label)
        case 85..<91: return .signIn(counter: counter, clerk: random.pick(clerks)!)
        case 91..<93: return .signOut(counter: counter)
        case 93..<95: return .pause(counter: counter, reason: "nghỉ giải lao")
        case 95..<98: return .resume(counter: counter)
        default: return .tick
        }
    }

    /// Time moves on a little (sometimes not at all, so tickets share an instant; sometimes back,
    /// as a virtual clock can be set, so a ticket joins ahead of others), and now and then to the
    /// next morning, which closes the day.
    static func moveClock(_ random: inout SeededRandom, _ hall: inout TestHall) {
        switch random.int(0..<1000) {
        case 0..<200: break
        case 200..<250: hall.now -= Double(random.int(1...300))
        case 250..<254:
            let day = hall.state.localTime(hall.now).day
            let start = LocalTime.startOfDay(day, in: hall.state.timeZone)!
            hall.now = start + 24 * 3600 + 8 * 3600 + Double(random.int(0...3600))
        default: hall.now += Double(random.int(1...90))
        }
    }

    // MARK: what is checked

    /// Every indexed answer against the scan over `tickets` it replaced.
    static func expectIndexMatchesScan(_ state: HallState, now: Date, _ context: String) {
        let open = Array(state.tickets.values)
        for counter in state.config.counters {
            // Now, and later when slots booked now are due.
            for at in [now, now + 3600] {
                #expect(state.nextTicket(for: counter, now: at) == state.config.policy.next(for: counter, among: open, now: at),
                        "next ticket for counter \(counter.number) at +\(at.timeIntervalSince(now)) s: \(context)")
            }
        }
        let services = Set(state.config.services.map(\.id) + open.map(\.service) + ["Z"])
        for service in services.sorted() {
            let scanned = open.filter { $0.service == service && $0.state == .waiting }
                .sorted { ($0.appointmentAt ?? $0.queuedAt, $0.id) < ($1.appointmentAt ?? $1.queuedAt, $1.id) }
            #expect(state.waiting(service: service) == scanned, "waiting(service: \(service)): \(context)")
            #expect(state.waitingCount(service: service) == scanned.count, "waitingCount(service: \(service)): \(context)")
            let behind = scanned.filter { state.config.policy.key(of: $0) <= now }.count
            #expect(state.aheadOfNew(service, at: now) == behind, "aheadOfNew(\(service)): \(context)")
        }
        for label in Set(open.map(\.label) + ["A001", "Q999"]).sorted() {
            #expect(state.ticket(label: label) == open.filter { $0.label == label }.max { $0.id < $1.id },
                    "ticket(label: \(label)): \(context)")
        }
        for ticket in open where ticket.state == .waiting {
            #expect(state.ahead(of: ticket) == state.config.policy.ahead(of: ticket, among: open), "ahead(of: \(ticket.label)): \(context)")
        }
    }

    /// Two states give the same answers to every question the index serves.
    static func expectSameAnswers(_ a: HallState, _ b: HallState, now: Date, _ context: String) {
        for counter in b.config.counters {
            #expect(a.nextTicket(for: counter, now: now) == b.nextTicket(for: counter, now: now), "next ticket for counter \(counter.number): \(context)")
        }
        for service in b.config.services.map(\.id) {
            #expect(a.waiting(service: service) == b.waiting(service: service), "waiting(service: \(service)): \(context)")
            #expect(a.estimatedWait(service) == b.estimatedWait(service), "estimatedWait(\(service)): \(context)")
        }
        for label in b.tickets.values.map(\.label) {
            #expect(a.ticket(label: label) == b.ticket(label: label), "ticket(label: \(label)): \(context)")
        }
    }
}
