import QueueCore

/// Booked appointments in text and HTML reports (`AppointmentFigures`, docs/APPOINTMENTS.md).
extension AppointmentFigures {
    /// "12 of 14 (86%)"
    static func share(_ n: Int, of total: Int) -> String {
        total == 0 ? "–" : "\(n) of \(total) (\(Int((Double(n) * 100 / Double(total)).rounded()))%)"
    }

    static func duration(_ ms: Int64?) -> String { Formatting.duration(ms.map { Double($0) / 1000 }) }

    /// The lines of text and HTML reports: what became of the bookings, then the two waits.
    func lines() -> (bookings: String, booked: String, walkIns: String) {
        let minutes = waitTarget / 60_000
        return ("\(booked) booked: \(onTime) came for the slot, \(late) came over 15 min late (served as walk-ins), \(notCome) not come (yet); \(cancelled) cancelled",
                "Booked citizens, from the slot: \(bookedCalled) called, mean \(Self.duration(bookedMeanWait)), longest \(Self.duration(bookedMaxWait)), within \(minutes) min \(Self.share(bookedWithinTarget, of: bookedCalled))",
                "Walk-ins, from the issue: \(walkInCalled) called, mean \(Self.duration(walkInMeanWait)), within \(minutes) min \(Self.share(walkInWithinTarget, of: walkInCalled))")
    }
}

extension TextReport {
    static func appointments(_ r: HallReport) -> String? {
        guard let a = r.appointments, !a.isEmpty else { return nil }
        let l = a.lines()
        return "Appointments (Lịch hẹn)\n  \(l.bookings)\n  \(l.booked)\n  \(l.walkIns)"
    }
}

extension HTMLReport {
    static func appointmentTable(_ r: HallReport) -> String {
        guard let a = r.appointments, !a.isEmpty else { return "" }
        let l = a.lines()
        return "<h2>Lịch hẹn · Appointments</h2><ul><li>\(HTML.escape(l.bookings))</li><li>\(HTML.escape(l.booked))</li><li>\(HTML.escape(l.walkIns))</li></ul>\n"
    }
}
