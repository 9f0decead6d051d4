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

    /// Appends events to the log and updates the ticket and counter rows they carry.
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

    /// An upsert on the id only: a second ticket with a day's label already given fails on the
    /// unique index instead of replacing the first (INSERT OR REPLACE would silently delete it).
    func upsert(_ t: Ticket) throws {
        try db.cachedStatement(sql: """
            INSERT INTO ticket (id, day, service, number, label, priority, state, outcome, issued_at, queued_at,
                first_called_at, last_called_at, call_count, counter, clerk, service_started_at, service_ended_at, transferred_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET day = excluded.day, service = excluded.service, number = excluded.number,
                label = excluded.label, priority = excluded.priority, state = excluded.state, outcome = excluded.outcome,
                issued_at = excluded.issued_at, queued_at = excluded.queued_at, first_called_at = excluded.first_called_at,
                last_called_at = excluded.last_called_at, call_count = excluded.call_count, counter = excluded.counter,
                clerk = excluded.clerk, service_started_at = excluded.service_started_at,
                service_ended_at = excluded.service_ended_at, transferred_from = excluded.transferred_from
            """).execute(arguments: TicketColumns.arguments(t))
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

/// The ticket table's columns, in one place.
enum TicketColumns {
    static func arguments(_ t: Ticket) -> StatementArguments {
        [t.id, t.day, t.service, t.number, t.label, t.priority.rawValue, t.state.rawValue, t.outcome?.rawValue,
         t.issuedAt.milliseconds, t.queuedAt.milliseconds, t.firstCalledAt?.milliseconds, t.lastCalledAt?.milliseconds,
         t.callCount, t.counter, t.clerk, t.serviceStartedAt?.milliseconds, t.serviceEndedAt?.milliseconds, t.transferredFrom]
    }

    static func ticket(_ row: Row) -> Ticket {
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(Date.init(milliseconds:)) }
        var t = Ticket(id: row["id"], day: row["day"], service: row["service"], number: row["number"], label: row["label"],
                       priority: PriorityClass(rawValue: row["priority"]) ?? .normal, issuedAt: date("issued_at")!,
                       queuedAt: date("queued_at"), transferredFrom: row["transferred_from"])
        t.state = TicketState(rawValue: row["state"]) ?? .done
        t.outcome = (row["outcome"] as String?).flatMap(Outcome.init(rawValue:))
        t.firstCalledAt = date("first_called_at")
        t.lastCalledAt = date("last_called_at")
        t.callCount = row["call_count"]
        t.counter = row["counter"]
        t.clerk = row["clerk"]
        t.serviceStartedAt = date("service_started_at")
        t.serviceEndedAt = date("service_ended_at")
        return t
    }
}
