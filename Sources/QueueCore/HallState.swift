import Foundation

/// The live queue of one hall: what the coordinator keeps in memory and what a subscriber's
/// snapshot holds. Only open tickets are kept; ended ones live in the store. It changes only
/// through `apply(_:)`, so a device that applies the same events ends with the same state.
public struct HallState: Codable, Equatable, Sendable {
    public var config: HallConfig
    /// The last event applied.
    public var seq: Int64
    /// The local day numbers currently run in ("" before the first day opens).
    public var day: String
    /// Open tickets (waiting, called, serving) by id. They change through `apply` (and, when a
    /// state is rebuilt from storage, `load(openTickets:)`), which keep the index with them.
    public private(set) var tickets: [Int64: Ticket]
    public var counters: [Int: CounterState]
    /// The next number each service gives out today.
    public var nextNumber: [String: Int]
    public var nextTicketId: Int64
    /// The latest calls, newest first, for boards.
    public var recentCalls: [Ticket]
    /// The latest service durations per service, newest last, for wait estimates.
    public var recentServiceTimes: [String: [TimeInterval]]
    /// The waiting queues and labels, derived from `tickets` (not encoded, always equal).
    var index = WaitingQueues()

    public static let recentCallsKept = 10
    public static let serviceTimesKept = 20

    public init(config: HallConfig, day: String = "", nextTicketId: Int64 = 1) {
        self.config = config
        self.seq = 0
        self.day = day
        self.tickets = [:]
        self.counters = Dictionary(uniqueKeysWithValues: config.counters.map { ($0.number, CounterState(number: $0.number)) })
        self.nextNumber = [:]
        self.nextTicketId = nextTicketId
        self.recentCalls = []
        self.recentServiceTimes = [:]
    }

    enum CodingKeys: String, CodingKey {
        case config, seq, day, tickets, counters, nextNumber, nextTicketId, recentCalls, recentServiceTimes
    }

    /// Tickets and counters travel as arrays sorted by id and number: plain JSON for any client.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(HallConfig.self, forKey: .config)
        seq = try c.decode(Int64.self, forKey: .seq)
        day = try c.decode(String.self, forKey: .day)
        tickets = Dictionary(uniqueKeysWithValues: try c.decode([Ticket].self, forKey: .tickets).map { ($0.id, $0) })
        index = WaitingQueues(tickets)
        counters = Dictionary(uniqueKeysWithValues: try c.decode([CounterState].self, forKey: .counters).map { ($0.number, $0) })
        nextNumber = try c.decode([String: Int].self, forKey: .nextNumber)
        nextTicketId = try c.decode(Int64.self, forKey: .nextTicketId)
        recentCalls = try c.decode([Ticket].self, forKey: .recentCalls)
        recentServiceTimes = try c.decode([String: [TimeInterval]].self, forKey: .recentServiceTimes)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(seq, forKey: .seq)
        try c.encode(day, forKey: .day)
        try c.encode(tickets.values.sorted { $0.id < $1.id }, forKey: .tickets)
        try c.encode(counters.values.sorted { $0.number < $1.number }, forKey: .counters)
        try c.encode(nextNumber, forKey: .nextNumber)
        try c.encode(nextTicketId, forKey: .nextTicketId)
        try c.encode(recentCalls, forKey: .recentCalls)
        try c.encode(recentServiceTimes, forKey: .recentServiceTimes)
    }

    public var timeZone: TimeZone { TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)! }

    public func localTime(_ date: Date) -> LocalTime { LocalTime(date, in: timeZone) }

    /// Waiting tickets of one service, by when they joined (an appointment by its slot), then id.
    public func waiting(service: String) -> [Ticket] {
        return (index.services[service]?.inQueueOrder ?? []).map { tickets[$0.id]! }
    }

    /// How many tickets wait for one service: `waiting(service:).count` without listing them.
    public func waitingCount(service: String) -> Int {
        return index.services[service]?.count ?? 0
    }

    /// The open ticket with this label (the newest, should several carry it).
    public func ticket(label: String) -> Ticket? {
        return index.id(label: label).flatMap { tickets[$0] }
    }

    /// The open tickets of a state rebuilt from storage, replacing any it had.
    public mutating func load(openTickets: [Ticket]) {
        tickets = Dictionary(uniqueKeysWithValues: openTickets.map { ($0.id, $0) })
        index = WaitingQueues(tickets)
    }

    /// Applies one committed event. The only way state changes.
    public mutating func apply(_ event: Event) {
        seq = event.seq
        if event.kind == .dayOpened, let newDay = event.day {
            day = newDay
            nextNumber = [:]
            recentCalls = []
        }
        if let ticket = event.ticket {
            nextTicketId = max(nextTicketId, ticket.id + 1)
            if let old = tickets[ticket.id] { index.remove(old) }
            if ticket.isOpen {
                tickets[ticket.id] = ticket
                index.insert(ticket)
            } else {
                tickets[ticket.id] = nil
            }
            if event.kind == .issued, ticket.transferredFrom == nil, ticket.day == day {
                nextNumber[ticket.service] = max(nextNumber[ticket.service] ?? 0, ticket.number + 1)
            }
            if event.kind == .called || event.kind == .recalled {
                recentCalls.removeAll { $0.id == ticket.id }
                recentCalls.insert(ticket, at: 0)
                if recentCalls.count > Self.recentCallsKept { recentCalls.removeLast() }
            }
            if event.kind == .finished, let start = ticket.serviceStartedAt, let end = ticket.serviceEndedAt {
                var times = recentServiceTimes[ticket.service] ?? []
                times.append(end.timeIntervalSince(start))
                if times.count > Self.serviceTimesKept { times.removeFirst() }
                recentServiceTimes[ticket.service] = times
            }
        }
        if let counter = event.counter { counters[counter.number] = counter }
    }
}
