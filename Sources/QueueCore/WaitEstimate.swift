import Foundation

extension HallState {
    /// The mean of the service's recent service times, or its target when none finished yet today.
    public func typicalServiceTime(_ service: String) -> TimeInterval {
        let times = recentServiceTimes[service] ?? []
        guard !times.isEmpty else { return config.service(service)?.serviceTarget ?? 30 * 60 }
        return times.reduce(0, +) / Double(times.count)
    }

    /// Counters with a clerk signed in (open or paused) that serve this service, in the config's
    /// order, each with whether it is paused: the ones the estimate counts.
    public func staffed(_ service: String) -> [(number: Int, paused: Bool)] {
        config.counters.filter { $0.services.contains(service) && counters[$0.number]?.status != .closed }
            .map { ($0.number, counters[$0.number]?.status == .paused) }
    }

    public func staffedCounters(_ service: String) -> Int { staffed(service).count }

    /// Estimated wait for a ticket with `ahead` people before it (by default one issued at `now`
    /// as normal, `aheadOfNew`; without `now`, everyone waiting), shared among the staffed
    /// counters serving the service, times its typical service time. Nil when no counter serves
    /// it now.
    public func estimatedWait(_ service: String, ahead: Int? = nil, at now: Date? = nil) -> TimeInterval? {
        let staffed = staffedCounters(service)
        guard staffed > 0 else { return nil }
        let ahead = ahead ?? now.map { aheadOfNew(service, at: $0) } ?? waitingCount(service: service)
        return (Double(ahead) / Double(staffed)).rounded(.up) * typicalServiceTime(service)
    }
}
