import Foundation
import QueueCore

/// The protocol version this build speaks. A peer with another version is refused.
public let protocolVersion = 1

/// The JSON shape of every frame a client sends: one flat object whose `type` says what it is,
/// unused fields left out (docs/PROTOCOL.md). Only `ClientMessage` reads and writes it.
struct ClientFrame: Codable, Equatable, Sendable {
    var type: String
    // auth
    var `protocol`: Int?
    var device: String?
    var nonce: String?
    var mac: String?
    // request
    var id: Int64?
    var requestId: String?
    var op: String?
    var service: String?
    var priority: String?
    var counter: Int?
    var ticket: String?
    var to: String?
    var reason: String?
    /// In a `rate` request: very-satisfied, satisfied or dissatisfied, and the id of the ticket rated.
    var rating: String?
    var ticketId: Int64?
    var clerk: String?
    var since: Int64?
    var name: String?
    var role: String?
    var at: Date?
    var seconds: Double?
    /// For a change: the latest hall time (ms) at which it may still be carried out; later it is
    /// refused as `expired` and changes nothing (a kiosk's tap that nobody waits for any more).
    var deadline: Date?
    /// In `tickets` and `report`: the first local day.
    var from: String?
    /// In `report`: minutes per time-of-day interval (15, 30 or 60; default 60).
    var interval: Int?
    /// In `report`: each service's mean handling time to compare with, seconds (default: the
    /// same days a year before, when recorded).
    var baseline: [String: Double]?
    /// In `check-in` and `appointment-cancel`: the appointment's six-digit code.
    var code: String?
    /// In `appointment-book` and `appointment-cancel`: the local day, and the slot's start "HH:MM".
    var day: String?
    var time: String?
    /// In `appointment-capacity`: bookings a service takes per 15-minute slot.
    var perSlot: Int?
    /// In `device-state`: what a board or kiosk says of itself.
    var state: DeviceState?

    init(type: String) { self.type = type }
}

/// The JSON shape of every frame the coordinator sends; only `ServerMessage` and `Reply` use it.
struct ServerFrame: Codable, Equatable, Sendable {
    var type: String
    // hello / welcome
    var `protocol`: Int?
    var hall: String?
    var challenge: String?
    /// In hello: the hall's IANA time zone, for showing times as the hall's clock does.
    var timeZone: String?
    var device: String?
    var role: Role?
    var counter: Int?
    var proof: String?
    // reply / error
    var id: Int64?
    var code: String?
    var message: String?
    var events: [Event]?
    var state: HallState?
    var devices: [DeviceInfo]?
    var key: String?
    var now: Date?
    /// In a subscribe reply: the sequence number the snapshot or backlog brings the subscriber to.
    var seq: Int64?
    /// In an `issue` reply: the ticket issued.
    var ticket: Ticket?
    /// In an `issue` reply: how many tickets of its service the coordinator calls before it.
    var ahead: Int?
    /// In an `issue` reply: the estimated wait in seconds; absent when no counter serves it now.
    var estimate: Double?
    /// In an `issue` reply: the address of the ticket's page for the citizen's phone; absent when
    /// the coordinator serves no web pages.
    var page: String?
    /// In a `tickets` reply: one page of ticket rows, in id order.
    var tickets: [Ticket]?
    /// In a `tickets` reply: when each cancelled ticket of the page was cancelled (ticket id →
    /// ms), from the event log: a citizen who gave up waited until then.
    var cancelledAt: [String: Int64]?
    /// In a `report` reply: the computed report (schema "queue-report/2", docs/REPORTS.md).
    var report: JSONValue?
    /// In a `check-in` reply: the booking checked in.
    var appointment: Appointment?
    /// In an appointments reply: the bookings, and each service's capacity per slot.
    var appointments: [Appointment]?
    var capacity: [String: Int]?
    // push
    var event: Event?

    init(type: String) { self.type = type }

}
