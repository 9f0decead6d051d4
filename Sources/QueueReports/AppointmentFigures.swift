import QueueCore

/// Booked appointments in a report (docs/APPOINTMENTS.md): what became of the span's bookings,
/// and the booked citizens' waits beside the walk-ins'. A booked citizen's wait counts from the
/// slot (or from check-in when later, `Ticket.waitStartsAt`); a walk-in's from the issue. Waits
/// are of first legs (a transfer's next leg is neither), in seconds; "within target" holds each
/// service to its own wait target, as the rest of the report does.
public struct AppointmentFigures: Codable, Equatable, Sendable {
    public var booked: Int
    public var onTime: Int
    public var late: Int
    public var notCome: Int
    public var cancelled: Int
    public var bookedCalled = 0
    public var bookedMeanWait: Double?
    public var bookedMaxWait: Double?
    public var bookedWithinTarget = 0
    public var walkInCalled = 0
    public var walkInMeanWait: Double?
    public var walkInWithinTarget = 0

    public init(_ counts: AppointmentCounts, config: HallConfig) {
        booked = counts.booked
        onTime = counts.onTime
        late = counts.late
        notCome = counts.notCome
        cancelled = counts.cancelled
        var totals: [Bool: Int64] = [:], longest: Int64?
        for w in counts.waits {
            let target = config.service(w.service)?.waitTarget ?? Double(ServiceTargets.fallback.wait) / 1000
            let within = Double(w.minutes * 60) <= target ? w.count : 0
            totals[w.booked, default: 0] += w.total
            if w.booked {
                bookedCalled += w.count
                bookedWithinTarget += within
                longest = max(longest ?? w.longest, w.longest)
            } else {
                walkInCalled += w.count
                walkInWithinTarget += within
            }
        }
        bookedMeanWait = bookedCalled == 0 ? nil : Double(totals[true] ?? 0) / 1000 / Double(bookedCalled)
        bookedMaxWait = longest.map { Double($0) / 1000 }
        walkInMeanWait = walkInCalled == 0 ? nil : Double(totals[false] ?? 0) / 1000 / Double(walkInCalled)
    }

    /// "12 of 14 (86%)"
    static func share(_ n: Int, of total: Int) -> String {
        total == 0 ? "–" : "\(n) of \(total) (\(Int((Double(n) * 100 / Double(total)).rounded()))%)"
    }

    /// The lines of text and HTML reports: what became of the bookings, then the two waits.
    func lines() -> (bookings: String, booked: String, walkIns: String) {
        return ("\(booked) booked: \(onTime) came for the slot, \(late) came over 15 min late (served as walk-ins), \(notCome) not come (yet); \(cancelled) cancelled",
                "Booked citizens, from the slot: \(bookedCalled) called, mean \(Formatting.duration(bookedMeanWait)), longest \(Formatting.duration(bookedMaxWait)), within target \(Self.share(bookedWithinTarget, of: bookedCalled))",
                "Walk-ins, from the issue: \(walkInCalled) called, mean \(Formatting.duration(walkInMeanWait)), within target \(Self.share(walkInWithinTarget, of: walkInCalled))")
    }
}

extension TextReport {
    static func appointments(_ r: HallReport) -> String? {
        guard let a = r.appointments else { return nil }
        let l = a.lines()
        return "Appointments (Lịch hẹn)\n  \(l.bookings)\n  \(l.booked)\n  \(l.walkIns)"
    }
}

extension HTMLReport {
    static func appointmentTable(_ r: HallReport) -> String {
        guard let a = r.appointments else { return "" }
        let l = a.lines()
        return "<h2>Lịch hẹn · Appointments</h2><ul><li>\(HTML.escape(l.bookings))</li><li>\(HTML.escape(l.booked))</li><li>\(HTML.escape(l.walkIns))</li></ul>\n"
    }
}
