import Foundation

/// One committed transition, as kept in the append-only event table and sent to subscribers.
/// `seq` is hall-wide and monotonic. An event carries the whole ticket and/or counter as they are
/// after the change, so applying it is a plain replace (see `HallState.apply`).
public struct Event: Codable, Equatable, Sendable {
    public var seq: Int64
    public var at: Date
    public var kind: Kind
    /// The device that asked for it ("kiosk-1", "counter-5", "manager"), or "coordinator".
    public var device: String
    public var ticket: Ticket?
    public var counter: CounterState?
    /// For `.dayOpened`: the new local day.
    public var day: String?

    public enum Kind: String, Codable, Sendable {
        case issued, called, recalled, started, finished
        case noShow = "no-show"
        case transferred, cancelled
        case closedOpen = "closed-open"
        case signedIn = "signed-in"
        case signedOut = "signed-out"
        case paused, resumed
        case dayOpened = "day-opened"
    }

    public init(seq: Int64, at: Date, kind: Kind, device: String,
                ticket: Ticket? = nil, counter: CounterState? = nil, day: String? = nil) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.device = device
        self.ticket = ticket
        self.counter = counter
        self.day = day
    }
}

/// A change before it has a sequence number: what `decide` returns.
public struct Change: Equatable, Sendable {
    public var kind: Event.Kind
    public var ticket: Ticket?
    public var counter: CounterState?
    public var day: String?
    /// Made by the passing of time (closing a day), not by the device that asked: recorded as "coordinator".
    public var automatic: Bool

    public init(_ kind: Event.Kind, ticket: Ticket? = nil, counter: CounterState? = nil, day: String? = nil, automatic: Bool = false) {
        self.kind = kind
        self.ticket = ticket
        self.counter = counter
        self.day = day
        self.automatic = automatic
    }
}

extension Event {
    /// The actor recorded for changes made by the passing of time (closing a day).
    public static let coordinator = "coordinator"
}

extension HallState {
    /// Gives `changes` the next sequence numbers, applies them, and returns them as events: the
    /// one way a change becomes a numbered event, for the coordinator's writer, the simulator and
    /// the tests alike. `device` is recorded as the actor, except for automatic changes
    /// (`Event.coordinator`).
    public mutating func record(_ changes: [Change], by device: String, at: Date) -> [Event] {
        changes.map { change in
            let event = Event(seq: seq + 1, at: at, kind: change.kind, device: change.automatic ? Event.coordinator : device,
                              ticket: change.ticket, counter: change.counter, day: change.day)
            apply(event)
            return event
        }
    }

    /// Decides `command` at `now` and records what it changes: the events, or the refusal (then
    /// nothing changed).
    public mutating func perform(_ command: Command, by device: String, at now: Date) -> Result<[Event], QueueError> {
        decide(command, now: now).map { record($0, by: device, at: now) }
    }
}
