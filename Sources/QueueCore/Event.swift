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
