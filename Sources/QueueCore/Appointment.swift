import Foundation

/// A citizen's booking of one service at one 15-minute slot of one day, made by a manager and
/// checked in at the kiosk with its code. No personal data: the code is all the citizen holds.
public struct Appointment: Codable, Equatable, Sendable {
    /// Six digits, unique within its day.
    public var code: String
    public var day: String
    public var service: String
    /// The slot's start, minutes after local midnight (a multiple of `slotMinutes`).
    public var minute: Int
    public var bookedAt: Date
    /// The device or web user that booked it.
    public var bookedBy: String
    /// The ticket it was checked in with, and when.
    public var ticket: Int64?
    public var label: String?
    public var checkedInAt: Date?
    public var cancelledAt: Date?

    public init(code: String, day: String, service: String, minute: Int, bookedAt: Date, bookedBy: String) {
        self.code = code
        self.day = day
        self.service = service
        self.minute = minute
        self.bookedAt = bookedAt
        self.bookedBy = bookedBy
    }

    /// "09:15"
    public var time: String { ClockText.text(minute) }

    /// The slot's start as an instant in `zone`: the wall-clock time, also on a day the clocks change.
    public func slot(in zone: TimeZone) -> Date? {
        guard let (y, m, d) = CivilDay.parts(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: minute / 60, minute: minute % 60))
    }
}

/// The rules of booking and checking in, pure: the coordinator applies them to its store.
public enum Appointments {
    public static let slotMinutes = 15
    public static let codeLength = 6
    /// A citizen this late after the slot's start is issued a walk-in ticket instead.
    public static let lateAfter: TimeInterval = 15 * 60
    /// At most this many slots a day ahead can be booked.
    public static let daysAhead = 60
    /// At most this many bookings per service and slot.
    public static let maxCapacity = 50
    /// At most this many days listed at once.
    public static let maxListedDays = 62

    /// A fresh code: six digits, not one of `taken`.
    public static func newCode(taken: Set<String>, using random: inout some RandomNumberGenerator) -> String {
        while true {
            let code = String(format: "%06d", Int.random(in: 0..<1_000_000, using: &random))
            if !taken.contains(code) { return code }
        }
    }

    /// Why `service` cannot be booked on `day` at `minute`, or nil when it can: the slot must be
    /// a whole 15-minute slot inside one of the day's opening sessions, not started yet, within
    /// `daysAhead`, with `capacity` per slot of which `booked` are taken.
    public static func bookingProblem(_ config: HallConfig, service: String, day: String, minute: Int,
                                      capacity: Int, booked: Int, now: Date) -> QueueError? {
        guard config.service(service) != nil else { return QueueError.unknownService(service, config) }
        guard let weekday = CivilDay.weekday(day) else {
            return QueueError(.badDay, "\"\(day)\" is not a day; write it as YYYY-MM-DD.")
        }
        let zone = TimeZone(identifier: config.hall.timeZone) ?? TimeZone(secondsFromGMT: 7 * 3600)!
        let today = LocalTime(now, in: zone)
        guard let last = CivilDay.adding(daysAhead, to: today.day), day <= last else {
            return QueueError(.badSlot, "Appointments can be booked up to \(daysAhead) days ahead, until \(CivilDay.adding(daysAhead, to: today.day) ?? today.day).")
        }
        guard minute % slotMinutes == 0 else {
            return QueueError(.badSlot, "Slots start every \(slotMinutes) minutes (07:30, 07:45, …); \(ClockText.text(minute)) is not one.")
        }
        let sessions = config.hall.hours.sessions(on: day, weekday: weekday)
        guard sessions.contains(where: { $0.start <= minute && minute + slotMinutes <= $0.end }) else {
            let open = sessions.map { "\(ClockText.text($0.start))–\(ClockText.text($0.end))" }.joined(separator: ", ")
            return QueueError(.badSlot, sessions.isEmpty ? "The hall is closed on \(day); book a working day."
                              : "\(ClockText.text(minute)) is not within the opening hours of \(day) (\(open)); book a slot inside them.")
        }
        guard (day, minute) > (today.day, today.minuteOfDay) else {
            return QueueError(.badSlot, "The slot \(day) \(ClockText.text(minute)) has already started; book a later one.")
        }
        guard capacity > 0 else {
            return QueueError(.slotFull, "Service \(service) takes no appointments; give it a capacity first (`queuectl appointment capacity --service \(service) --per-slot 2`).")
        }
        guard booked < capacity else {
            return QueueError(.slotFull, "The slot \(day) \(ClockText.text(minute)) of service \(service) is full (\(capacity) booked); choose another slot or raise the capacity.")
        }
        return nil
    }

    /// Whether a citizen checking in at `now` for `slot` is issued the appointment's ticket
    /// (nil: too late, issued as a walk-in).
    public static func ticketSlot(_ slot: Date, now: Date) -> Date? {
        now.timeIntervalSince(slot) > lateAfter ? nil : slot
    }
}

/// What a report reads of the span's appointments (docs/APPOINTMENTS.md), raw: what became of
/// the bookings, and the first legs called, booked or walk-in, by service and whole minutes of
/// wait rounded up, so `AppointmentFigures` can hold each service to its own wait target.
public struct AppointmentCounts: Codable, Equatable, Sendable {
    /// Bookings not cancelled; of them, checked in for the slot, checked in more than 15
    /// minutes late (issued as walk-ins), and not come (yet); and those cancelled.
    public var booked = 0
    public var onTime = 0
    public var late = 0
    public var notCome = 0
    public var cancelled = 0
    public var waits: [Wait] = []

    /// First legs of one service, booked or not, whose wait (from `Ticket.waitStartsAt` to the
    /// call) rounded up to whole minutes is `minutes`: how many, their total and longest, ms.
    public struct Wait: Codable, Equatable, Sendable {
        public var service: String
        public var booked: Bool
        public var minutes: Int
        public var count: Int
        public var total: Int64
        public var longest: Int64

        public init(service: String, booked: Bool, minutes: Int, count: Int, total: Int64, longest: Int64) {
            self.service = service
            self.booked = booked
            self.minutes = minutes
            self.count = count
            self.total = total
            self.longest = longest
        }
    }

    public init() {}

    /// Whether the span had any booking.
    public var isEmpty: Bool { booked == 0 && cancelled == 0 }
}
