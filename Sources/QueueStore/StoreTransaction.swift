import Foundation
import GRDB
import QueueCore

/// What the coordinator writes inside one transaction: committed events with their ticket and
/// counter projections, remembered replies, devices and settings.
public struct StoreTransaction {
    public let db: Database
    let encoder = HallJSON.encoder()

    /// The reply first given to this device's request id, if it was seen before.
    public func rememberedReply(device: String, requestId: String) throws -> Data? {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT reply FROM request WHERE device = ? AND request_id = ?"),
                          arguments: [device, requestId])
    }

    public func remember(device: String, requestId: String, at: Date, reply: Data) throws {
        try db.cachedStatement(sql: "INSERT INTO request (device, request_id, at, reply) VALUES (?, ?, ?, ?)")
            .execute(arguments: [device, requestId, at.milliseconds, reply])
    }

    /// Appends events to the log and updates the ticket and counter rows. `encoded` is each
    /// event's JSON (`HallJSON`) when the caller has it already, else it is encoded here.
    public func append(_ events: [Event], encoded: [Data]? = nil) throws {
        for (i, event) in events.enumerated() {
            let body = try encoded?[i] ?? encoder.encode(event)
            try db.cachedStatement(sql: "INSERT INTO event (seq, at, kind, device, ticket_id, counter, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [event.seq, event.at.milliseconds, event.kind.rawValue, event.device,
                                     event.ticket?.id, event.counter?.number ?? event.ticket?.counter,
                                     String(decoding: body, as: UTF8.self)])
            if let ticket = event.ticket { try upsert(ticket) }
            if let counter = event.counter { try upsert(counter) }
            if let day = event.day, event.kind == .dayOpened { try setMeta("day", day) }
        }
    }

    func upsert(_ t: Ticket) throws {
        try db.cachedStatement(sql: TicketColumns.upsert).execute(arguments: TicketColumns.arguments(t))
    }

    func upsert(_ c: CounterState) throws {
        try db.cachedStatement(sql: """
            INSERT INTO counter (number, status, clerk, pause_reason, ticket) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(number) DO UPDATE SET status = excluded.status, clerk = excluded.clerk,
                pause_reason = excluded.pause_reason, ticket = excluded.ticket
            """)
            .execute(arguments: [c.number, c.status.rawValue, c.clerk, c.pauseReason, c.ticket])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }

    public func addDevice(_ info: DeviceInfo, key: Data) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM device WHERE name = ?", arguments: [info.name]) == true {
            throw QueueError(.deviceExists, "A device named \"\(info.name)\" already exists; choose another name or revoke the old one first.")
        }
        try db.execute(sql: "INSERT INTO device (name, role, counter, key, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [info.name, info.role.rawValue, info.counter, key, info.createdAt.milliseconds])
    }

    /// Adds the device, or gives an existing one of that name this role and a new key, active
    /// again (the coordinator's own local manager key, made anew when its file is lost).
    public func replaceDevice(_ info: DeviceInfo, key: Data) throws {
        try db.execute(sql: "DELETE FROM device WHERE name = ?", arguments: [info.name])
        try addDevice(info, key: key)
    }

    public func revokeDevice(name: String, at: Date) throws {
        try db.execute(sql: "UPDATE device SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at.milliseconds, name])
        guard db.changesCount > 0 else {
            throw QueueError(.unknownDevice, "There is no active device named \"\(name)\"; see `queuectl device list`.")
        }
    }
}

/// The ticket table's columns, in one place: the order of `names` is the order of `arguments`
/// (what the upsert writes) and of `select` (what `ticket(_:)` reads back by position, which is
/// quicker than by name over a year of rows).
enum TicketColumns {
    static let names: [String] = ["id", "day", "service", "number", "label", "priority", "state", "outcome", "issued_at", "queued_at",
                        "first_called_at", "last_called_at", "call_count", "counter", "clerk", "service_started_at",
                        "service_ended_at", "transferred_from", "appointment_at"]

    static let select: String = "SELECT \(names.joined(separator: ", ")) FROM ticket"
    /// The same columns from a database made before appointments (a copy read as it is).
    static let selectWithoutAppointments: String = "SELECT \(names.dropLast().joined(separator: ", ")), NULL FROM ticket"

    /// `select`, or on a database from before appointments `selectWithoutAppointments`.
    static func select(_ db: Database) throws -> String {
        try QueueStore.keepsAppointmentSlots(db) ? select : selectWithoutAppointments
    }

    /// An upsert on the id only: a second ticket with a day's label already given fails on the
    /// unique index instead of replacing the first (INSERT OR REPLACE would silently delete it).
    static let upsert: String = {
        let columns: String = names.joined(separator: ", ")
        let marks: String = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let updates: String = names.dropFirst().map { (name: String) -> String in "\(name) = excluded.\(name)" }.joined(separator: ", ")
        return "INSERT INTO ticket (\(columns)) VALUES (\(marks)) ON CONFLICT(id) DO UPDATE SET \(updates)"
    }()

    static func arguments(_ t: Ticket) -> StatementArguments {
        [t.id, t.day, t.service, t.number, t.label, t.priority.rawValue, t.state.rawValue, t.outcome?.rawValue,
         t.issuedAt.milliseconds, t.queuedAt.milliseconds, t.firstCalledAt?.milliseconds, t.lastCalledAt?.milliseconds,
         t.callCount, t.counter, t.clerk, t.serviceStartedAt?.milliseconds, t.serviceEndedAt?.milliseconds, t.transferredFrom,
         t.appointmentAt?.milliseconds]
    }

    /// A row of `select`.
    static func ticket(_ row: Row) -> Ticket {
        func date(_ i: Int) -> Date? { (row[i] as Int64?).map(Date.init(milliseconds:)) }
        var t = Ticket(id: row[0], day: row[1], service: row[2], number: row[3], label: row[4],
                       priority: PriorityClass(rawValue: row[5]) ?? .normal, issuedAt: Date(milliseconds: row[8]),
                       queuedAt: date(9), transferredFrom: row[17], appointmentAt: date(18))
        t.state = TicketState(rawValue: row[6]) ?? .done
        t.outcome = (row[7] as String?).flatMap(Outcome.init(rawValue:))
        t.firstCalledAt = date(10)
        t.lastCalledAt = date(11)
        t.callCount = row[12]
        t.counter = row[13]
        t.clerk = row[14]
        t.serviceStartedAt = date(15)
        t.serviceEndedAt = date(16)
        return t
    }
}

extension QueueStore {
    /// Whether the ticket rows keep a booked citizen's slot (`appointment_at`): not in a database
    /// made before appointments, read as it is (a copy or a backup).
    public static func keepsAppointmentSlots(_ db: Database) throws -> Bool {
        try db.columns(in: "ticket").contains { $0.name == "appointment_at" }
    }
}
