import Foundation
import QueueCore
import QueueWire

/// Hall traffic at a watchable pace, for demos: citizens arrive by the same daily profile as the
/// simulator, clerks call, serve and finish. Pure: given the hall as it is and a span of hall time,
/// it says which requests to send; the caller sends them and moves the virtual clock on.
public struct LiveTraffic: Sendable {
    let config: HallConfig
    let ticketsPerDay: Int
    var random: SeededRandom
    /// When each counter's clerk will finish the citizen being served, and call the next.
    var plannedEnd: [Int: Date] = [:]
    var profiles: [String: (weights: [(start: Int64, end: Int64, weight: Double)], total: Double)] = [:]

    public init(config: HallConfig, seed: UInt64 = 1, ticketsPerDay: Int? = nil) {
        self.config = config
        self.ticketsPerDay = ticketsPerDay ?? config.counters.count * 40
        self.random = SeededRandom(seed: seed)
    }

    /// The requests for the hall time between `from` and `to`.
    public mutating func step(_ hall: HallState, from: Date, to: Date) -> [Request] {
        let local = hall.localTime(to)
        guard config.hall.hours.isOpen(local) else {
            // Closed: clerks sign out once their counter is free.
            return hall.counters.values.sorted { $0.number < $1.number }
                .filter { $0.status != .closed && $0.ticket == nil }
                .map { .command(.signOut(counter: $0.number)) }
        }
        var out: [Request] = []
        // Arrivals: Poisson with the day's profile.
        let zone = hall.timeZone
        if profiles[local.day] == nil {
            let p = ArrivalProfile(day: local.day, hours: config.hall.hours, zone: zone)
            profiles[local.day] = (p.minutes, p.minutes.reduce(0) { $0 + $1.weight })
        }
        if let profile = profiles[local.day], profile.total > 0 {
            let a = from.milliseconds, b = to.milliseconds
            let weight = profile.weights.reduce(0.0) { sum, m in
                let overlap = Double(max(0, min(b, m.end) - max(a, m.start))) / 60_000
                return sum + overlap * m.weight
            }
            let expected = Double(ticketsPerDay) * weight / profile.total
            for _ in 0..<poisson(expected) {
                let service = config.services[random.pick(weights: config.services.map { $0.id == "A" || $0.id == "D" ? 2 : 1 })].id
                out.append(.command(.issue(service: service, priority: random.chance(0.08) ? .elderly : .normal)))
            }
        }
        // Clerks. Two counters must not both reach for the last waiting citizen of a step.
        var claimed = Set<Int64>()
        for counter in config.counters {
            let live = hall.counters[counter.number] ?? CounterState(number: counter.number)
            switch live.status {
            case .closed: out.append(.command(.signIn(counter: counter.number, clerk: "Cán bộ \(counter.number)")))
            case .paused: if random.chance(0.2) { out.append(.command(.resume(counter: counter.number))) }
            case .open:
                guard let id = live.ticket, let ticket = hall.tickets[id] else {
                    if let next = hall.config.policy.next(for: counter, among: hall.tickets.values.filter({ !claimed.contains($0.id) }), now: to) {
                        claimed.insert(next.id)
                        out.append(.command(.callNext(counter: counter.number)))
                    } else if random.chance(0.01) {
                        out.append(.command(.pause(counter: counter.number, reason: "Nghỉ giải lao")))
                    }
                    continue
                }
                switch ticket.state {
                case .called:
                    guard let called = ticket.lastCalledAt, to.timeIntervalSince(called) > 40 else { continue }
                    if random.chance(0.05) {
                        out.append(.command(.noShow(counter: counter.number)))
                    } else {
                        out.append(.command(.start(counter: counter.number)))
                        let target = config.service(ticket.service)?.serviceTarget ?? 900
                        plannedEnd[counter.number] = to + random.logNormal(mean: target * 0.5, sigma: 0.4)
                    }
                case .serving:
                    guard to >= plannedEnd[counter.number] ?? .distantPast else { continue }
                    if random.chance(0.03), let other = counter.services.first(where: { $0 != ticket.service }) ?? config.services.first(where: { $0.id != ticket.service })?.id {
                        out.append(.command(.transfer(counter: counter.number, to: other)))
                    } else {
                        out.append(.command(.finish(counter: counter.number)))
                    }
                default: continue
                }
            }
        }
        return out
    }

    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        let limit = exp(-lambda)
        var k = 0, p = random.unit()
        while p > limit && k < 1_000 {
            k += 1
            p *= random.unit()
        }
        return k
    }
}
