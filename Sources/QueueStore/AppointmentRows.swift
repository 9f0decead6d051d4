import Foundation
import GRDB
import QueueCore

/// Booked appointments and each service's capacity per slot (issue 17), changed only inside the
/// writer's transaction.
extension StoreTransaction {
    public func appointmentCapacity() throws -> [String: Int] {
        try QueueStore.appointmentCapacity(db)
    }

    /// Sets how many appointments `service` takes per 15-minute slot (0: none). Bookings already
    /// made stay.
    public func setAppointmentCapacity(service: String, perSlot: Int) throws {
        try db.execute(sql: """
            INSERT INTO appointment_capacity (service, per_slot) VALUES (?, ?)
            ON CONFLICT(service) DO UPDATE SET per_slot = excluded.per_slot
            """, arguments: [service, perSlot])
    }

    /// Books `service` at `minute` of `day` under a fresh code, or refuses (nothing written) as
    /// `Appointments.bookingProblem` says.
    public func bookAppointment(_ config: HallConfig, service: String, day: String, minute: Int, by device: String, now: Date) throws -> Appointment {
        let capacity = try appointmentCapacity()[service] ?? 0
        let booked = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM appointment WHERE day = ? AND service = ? AND minute = ? AND cancelled_at IS NULL
            """, arguments: [day, service, minute]) ?? 0
        if let problem = Appointments.bookingProblem(config, service: service, day: day, minute: minute,
                                                     capacity: capacity, booked: booked, now: now) {
            throw problem
        }
        let taken = Set(try String.fetchAll(db, sql: "SELECT code FROM appointment WHERE day = ?", arguments: [day]))
        var random = SystemRandomNumberGenerator()
        let appointment = Appointment(code: Appointments.newCode(taken: taken, using: &random), day: day, service: service,
                                      minute: minute, bookedAt: now, bookedBy: device)
        try db.execute(sql: """
            INSERT INTO appointment (day, code, service, minute, booked_at, booked_by) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [day, appointment.code, service, minute, now.milliseconds, device])
        return appointment
    }

    /// The booking of `day` with `code`, whatever its state.
    public func appointment(day: String, code: String) throws -> Appointment? {
        try Row.fetchOne(db, sql: QueueStore.appointmentSelect + " WHERE day = ? AND code = ?", arguments: [day, code])
            .map(QueueStore.appointment)
    }

    /// Cancels a booking not yet checked in; returns it as it is now.
    public func cancelAppointment(day: String, code: String, now: Date) throws -> Appointment {
        guard var appointment = try appointment(day: day, code: code) else {
            throw QueueError(.unknownAppointment, "No appointment with code \(code) is booked for \(day); see `queuectl appointment list \(day)`.")
        }
        if appointment.ticket != nil {
            throw QueueError(.appointmentUsed, "Appointment \(code) was checked in already, as ticket \(appointment.label ?? "?"); cancel the ticket instead.")
        }
        if appointment.cancelledAt != nil {
            throw QueueError(.appointmentCancelled, "Appointment \(code) of \(day) was cancelled already.")
        }
        try db.execute(sql: "UPDATE appointment SET cancelled_at = ? WHERE day = ? AND code = ? AND ticket IS NULL AND cancelled_at IS NULL",
                       arguments: [now.milliseconds, day, code])
        appointment.cancelledAt = now
        return appointment
    }

    /// Records that `appointment` was checked in with `ticket` at `now`; refused (nothing
    /// written) unless it is still booked, not used nor cancelled.
    public func checkedIn(_ appointment: Appointment, ticket: Ticket, at now: Date) throws {
        try db.execute(sql: """
            UPDATE appointment SET ticket = ?, label = ?, checked_in_at = ? WHERE day = ? AND code = ? AND ticket IS NULL AND cancelled_at IS NULL
            """, arguments: [ticket.id, ticket.label, now.milliseconds, appointment.day, appointment.code])
        guard db.changesCount == 1 else {
            throw QueueError(.appointmentUsed, "Appointment \(appointment.code) was checked in or cancelled meanwhile.")
        }
    }
}

extension QueueStore {
    /// Bookings of local days `from…to` in slot order, with the labels they were checked in with;
    /// empty from a database made before appointments.
    public func appointments(from: String, to: String) throws -> [Appointment] {
        try read { db in try Self.appointments(db, from: from, to: to) }
    }

    public static func appointments(_ db: Database, from: String, to: String) throws -> [Appointment] {
        guard try db.tableExists("appointment") else { return [] }
        return try Row.fetchAll(db, sql: appointmentSelect + " WHERE day BETWEEN ? AND ? ORDER BY day, minute, service, booked_at",
                                arguments: [from, to]).map(appointment)
    }

    /// Each service's appointments per slot; empty from a database made before appointments.
    public func appointmentCapacity() throws -> [String: Int] {
        try read { db in try Self.appointmentCapacity(db) }
    }

    static func appointmentCapacity(_ db: Database) throws -> [String: Int] {
        guard try db.tableExists("appointment_capacity") else { return [:] }
        return Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT service, per_slot FROM appointment_capacity ORDER BY service")
            .map { ($0[0] as String, $0[1] as Int) })
    }

    static let appointmentSelect = "SELECT code, day, service, minute, booked_at, booked_by, ticket, label, checked_in_at, cancelled_at FROM appointment"

    static func appointment(_ row: Row) -> Appointment {
        var a = Appointment(code: row[0], day: row[1], service: row[2], minute: row[3],
                            bookedAt: Date(milliseconds: row[4]), bookedBy: row[5])
        a.ticket = row[6]
        a.label = row[7]
        a.checkedInAt = (row[8] as Int64?).map(Date.init(milliseconds:))
        a.cancelledAt = (row[9] as Int64?).map(Date.init(milliseconds:))
        return a
    }
}

extension QueueStore {
    public func appointmentCounts(from: String, to: String) throws -> AppointmentCounts? {
        try read { db in try Self.appointmentCounts(db, from: from, to: to) }
    }

    /// What became of the bookings of local days `from…to`, and the first legs called, booked or
    /// walk-in, by service and whole minutes of wait (rounded up; a booked citizen's from
    /// `Ticket.waitStartsAt`). Nil from a database made before appointments; with no booking in
    /// the span, empty (and the ticket rows are not read).
    public static func appointmentCounts(_ db: Database, from: String, to: String) throws -> AppointmentCounts? {
        guard try db.tableExists("appointment") else { return nil }
        var counts = AppointmentCounts()
        for r in try Row.fetchAll(db, sql: """
            SELECT a.ticket IS NOT NULL, a.cancelled_at IS NOT NULL, t.appointment_at IS NULL
            FROM appointment a LEFT JOIN ticket t ON t.id = a.ticket WHERE a.day BETWEEN ? AND ?
            """, arguments: [from, to]) {
            let came: Bool = r[0], cancelled: Bool = r[1], walkIn: Bool = r[2]
            if cancelled { counts.cancelled += 1; continue }
            counts.booked += 1
            if !came { counts.notCome += 1 } else if walkIn { counts.late += 1 } else { counts.onTime += 1 }
        }
        guard !counts.isEmpty else { return counts }
        // The wait start is Ticket.waitStart: the slot for one who came early, never after the call.
        counts.waits = try Row.fetchAll(db, sql: """
            SELECT service, booked, (w + 59999) / 60000, COUNT(*), SUM(w), MAX(w) FROM (
                SELECT service, appointment_at IS NOT NULL AS booked, first_called_at - CASE
                    WHEN appointment_at > queued_at THEN MIN(appointment_at, first_called_at) ELSE queued_at END AS w
                FROM ticket WHERE day BETWEEN ? AND ? AND first_called_at IS NOT NULL AND transferred_from IS NULL)
            GROUP BY service, booked, (w + 59999) / 60000 ORDER BY service, booked, 3
            """, arguments: [from, to]).map { r in
            AppointmentCounts.Wait(service: r[0], booked: r[1], minutes: r[2], count: r[3], total: r[4], longest: r[5])
        }
        return counts
    }
}
