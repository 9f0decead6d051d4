import Foundation
import QueueCore

/// The protocol version this build speaks. A peer with another version is refused.
public let protocolVersion = 1

/// Every frame a client sends: one flat JSON object whose `type` says what it is.
/// Unused fields are left out. See docs/PROTOCOL.md.
public struct ClientFrame: Codable, Equatable, Sendable {
    public var type: String
    // auth
    public var `protocol`: Int?
    public var device: String?
    public var nonce: String?
    public var mac: String?
    // request
    public var id: Int64?
    public var requestId: String?
    public var op: String?
    public var service: String?
    public var priority: String?
    public var counter: Int?
    public var ticket: String?
    public var to: String?
    public var reason: String?
    public var clerk: String?
    public var since: Int64?
    public var name: String?
    public var role: String?
    public var at: Date?
    public var seconds: Double?
    /// For a change: the latest hall time (ms) at which it may still be carried out; later it is
    /// refused as `expired` and changes nothing (a kiosk's tap that nobody waits for any more).
    public var deadline: Date?
    /// In `tickets` and `report`: the first local day.
    public var from: String?
    /// In `report`: minutes per time-of-day interval (15, 30 or 60; default 60).
    public var interval: Int?
    /// In `report`: each service's mean handling time to compare with, seconds (default: the
    /// same days a year before, when recorded).
    public var baseline: [String: Double]?

    public init(type: String) { self.type = type }
}

/// Every frame the coordinator sends.
public struct ServerFrame: Codable, Equatable, Sendable {
    public var type: String
    // hello / welcome
    public var `protocol`: Int?
    public var hall: String?
    public var challenge: String?
    /// In hello: the hall's IANA time zone, for showing times as the hall's clock does.
    public var timeZone: String?
    public var device: String?
    public var role: Role?
    public var counter: Int?
    public var proof: String?
    // reply / error
    public var id: Int64?
    public var code: String?
    public var message: String?
    public var events: [Event]?
    public var state: HallState?
    public var devices: [DeviceInfo]?
    public var key: String?
    public var now: Date?
    /// In a subscribe reply: the sequence number the snapshot or backlog brings the subscriber to.
    public var seq: Int64?
    /// In an `issue` reply: the ticket issued.
    public var ticket: Ticket?
    /// In an `issue` reply: how many tickets of its service the coordinator calls before it.
    public var ahead: Int?
    /// In an `issue` reply: the estimated wait in seconds; absent when no counter serves it now.
    public var estimate: Double?
    /// In a `tickets` reply: one page of ticket rows, in id order.
    public var tickets: [Ticket]?
    /// In a `tickets` reply: when each cancelled ticket of the page was cancelled (ticket id →
    /// ms), from the event log: a citizen who gave up waited until then.
    public var cancelledAt: [String: Int64]?
    /// In a `report` reply: the computed report (schema "queue-report/2", docs/REPORTS.md).
    public var report: JSONValue?
    // push
    public var event: Event?

    public init(type: String) { self.type = type }

    public static func error(_ error: QueueError, id: Int64? = nil) -> ServerFrame {
        var f = ServerFrame(type: "error")
        f.id = id
        f.code = error.code.rawValue
        f.message = error.message
        return f
    }
}

/// A device as the coordinator knows it. The key never leaves the coordinator except once, in
/// the reply that creates it.
public struct DeviceInfo: Codable, Equatable, Sendable {
    public var name: String
    public var role: Role
    public var counter: Int?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(name: String, role: Role, counter: Int?, createdAt: Date, revokedAt: Date? = nil) {
        self.name = name
        self.role = role
        self.counter = counter
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
