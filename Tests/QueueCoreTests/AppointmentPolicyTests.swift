import Foundation
import QueueConfig
import QueueCore
import Testing

/// A booked citizen's ticket in the policy: held until its slot, then ahead of walk-ins who came
/// less than `appointmentLead` (30 min) before the slot, and never starving a walk-in.
/// The hall's clock starts Monday 2026-11-30 08:00 (virtual); counter 1 serves A.
@Suite struct AppointmentPolicyTests {
    /// Monday 08:00 + `minutes`.
    static func at(_ minutes: Double) -> Date { TestHall.mondayMorning + minutes * 60 }

    /// Counter 1 serves the citizen it called.
    static func serve(_ hall: inout TestHall) throws {
        try hall.run(.start(counter: 1))
        try hall.run(.finish(counter: 1))
    }

    mutating func booked(_ hall: inout TestHall, _ service: String, slotAt minutes: Double) throws -> Ticket {
        try hall.run(.issue(service: service, priority: .normal, appointment: Self.at(minutes))).last!.ticket!
    }

    @Test mutating func aBookedTicketIsHeldUntilItsSlotThenCalledAtIt() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        let walkIn = try hall.issue("A")                       // 08:00
        hall.advance(minutes: 5)
        let booked = try booked(&hall, "A", slotAt: 30)        // checked in 08:05 for 08:30
        #expect(booked.appointmentAt == Self.at(30))
        hall.advance(minutes: 1)
        let second = try hall.issue("A")                       // 08:06
        hall.advance(minutes: 4)                               // 08:10: the slot has not started
        #expect(try hall.callNext(1).id == walkIn.id)
        try Self.serve(&hall)
        #expect(try hall.callNext(1).id == second.id, "held until 08:30, so the walk-in of 08:06 goes first")
        try Self.serve(&hall)
        hall.advance(minutes: 10)                              // 08:20
        let late = try hall.issue("A")
        hall.advance(minutes: 10)                              // 08:30: the slot starts
        #expect(try hall.callNext(1).id == booked.id, "at its slot it goes ahead of a walk-in of 08:20")
        try Self.serve(&hall)
        #expect(try hall.callNext(1).id == late.id)
    }

    @Test mutating func aWalkInWhoCameMoreThanTheLeadBeforeTheSlotGoesFirst() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        let early = try hall.issue("A")                        // 08:00, before 08:45 − 30 min
        hall.advance(minutes: 20)
        let after = try hall.issue("A")                        // 08:20, after 08:15
        let booked = try booked(&hall, "A", slotAt: 45)
        hall.advance(minutes: 25)                              // 08:45
        #expect(try hall.callNext(1).id == early.id)
        try Self.serve(&hall)
        #expect(try hall.callNext(1).id == booked.id)
        try Self.serve(&hall)
        #expect(try hall.callNext(1).id == after.id)
    }

    @Test mutating func aCounterWithNobodyElseTakesAHeldTicketEarly() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        let later = try booked(&hall, "A", slotAt: 90)
        let sooner = try booked(&hall, "A", slotAt: 60)
        #expect(try hall.callNext(1).id == sooner.id, "the earliest slot first")
        try Self.serve(&hall)
        #expect(try hall.callNext(1).id == later.id)
    }

    /// However many are booked, a walk-in is passed only by appointments whose slots start less
    /// than the lead after it joined; every later one waits behind it.
    @Test mutating func noWalkInStarves() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        let walkIn = try hall.issue("A")                       // 08:00
        for slot in stride(from: 0.0, through: 120, by: 15) {
            for _ in 0..<3 { _ = try booked(&hall, "A", slotAt: slot) }
        }
        hall.advance(minutes: 150)                             // every slot has started
        var before = 0
        while try hall.callNext(1).id != walkIn.id {
            before += 1
            try Self.serve(&hall)
        }
        #expect(before == 6, "only the slots of 08:00 and 08:15 (key before 08:00) go ahead: 2 × 3")
        #expect(hall.state.ahead(of: walkIn) == 0)
    }

    @Test mutating func aheadCountsABookingDueBeforeTheTicket() throws {
        var hall = TestHall()
        _ = try booked(&hall, "A", slotAt: 30)                 // counts from 08:00
        hall.advance(minutes: 10)
        let walkIn = try hall.issue("A")
        #expect(hall.state.ahead(of: walkIn) == 1)
        let other = try booked(&hall, "A", slotAt: 60)         // counts from 08:30
        #expect(hall.state.ahead(of: other) == 2)
        #expect(hall.state.config.policy.ahead(of: other, among: hall.state.tickets.values) == 2)
    }

    /// A kiosk tile's "waiting" estimate for a new ticket does not count bookings for later.
    @Test mutating func aNewTicketWaitsBehindWalkInsAndDueBookingsOnly() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        _ = try hall.issue("A")
        _ = try booked(&hall, "A", slotAt: 20)                 // counts from 07:50: ahead of a ticket of 08:00
        _ = try booked(&hall, "A", slotAt: 180)                // 11:00: not ahead
        #expect(hall.state.aheadOfNew("A", at: hall.now) == 2)
        #expect(hall.state.waitingCount(service: "A") == 3)
        #expect(hall.state.estimatedWait("A", at: hall.now) == hall.state.estimatedWait("A", ahead: 2))
    }

    @Test mutating func aTransferredBookingJoinsTheNextServiceAsAWalkIn() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        _ = try booked(&hall, "A", slotAt: 0)
        _ = try hall.callNext(1)
        let events = try hall.run(.transfer(counter: 1, to: "B"))
        let next = try #require(events.last?.ticket)
        #expect(next.service == "B" && next.appointmentAt == nil)
    }

    @Test func aPolicyFromAnOlderCoordinatorDecodesWithTheDefaultLead() throws {
        let policy = try JSONDecoder().decode(QueuePolicy.self, from: Data(#"{"priorityBoost":600}"#.utf8))
        #expect(policy == QueuePolicy(priorityBoost: 600, appointmentLead: 30 * 60))
    }

    // MARK: booking rules

    static let config = HallConfigLoader.defaultHall()
    /// Monday 2026-11-30 08:00 in the hall.
    static let now = TestHall.mondayMorning

    static func problem(_ time: String, day: String = "2026-12-01", capacity: Int = 2, booked: Int = 0, service: String = "A") -> ErrorCode? {
        Appointments.bookingProblem(config, service: service, day: day, minute: ClockText.minutes(time)!,
                                    capacity: capacity, booked: booked, now: now)?.code
    }

    @Test func aSlotIsAWholeQuarterInsideTheOpeningHoursNotStartedAndNotFull() {
        #expect(Self.problem("09:15") == nil)
        #expect(Self.problem("08:15", day: "2026-11-30") == nil, "later today")
        #expect(Self.problem("08:00", day: "2026-11-30") == .badSlot, "started")
        #expect(Self.problem("07:45", day: "2026-11-30") == .badSlot, "past")
        #expect(Self.problem("09:10") == .badSlot, "not a quarter")
        #expect(Self.problem("11:30") == .badSlot, "the morning ends at 11:30")
        #expect(Self.problem("11:15") == nil, "the last morning slot")
        #expect(Self.problem("12:00") == .badSlot, "lunch")
        #expect(Self.problem("09:00", day: "2026-12-06") == .badSlot, "Sunday")
        #expect(Self.problem("09:00", day: "2026-12-05") == nil, "Saturday morning")
        #expect(Self.problem("14:00", day: "2026-12-05") == .badSlot, "Saturday afternoon")
        #expect(Self.problem("09:00", day: "2027-03-01") == .badSlot, "more than 60 days ahead")
        #expect(Self.problem("09:00", booked: 2) == .slotFull)
        #expect(Self.problem("09:00", capacity: 0) == .slotFull)
        #expect(Self.problem("09:00", service: "Z") == .unknownService)
        #expect(Self.problem("09:00", day: "2026-02-30") == .badDay)
    }

    @Test func aCitizenMoreThanAQuarterLateIsAWalkIn() {
        let slot = Self.now
        #expect(Appointments.ticketSlot(slot, now: slot - 3 * 3600) == slot)
        #expect(Appointments.ticketSlot(slot, now: slot + 15 * 60) == slot)
        #expect(Appointments.ticketSlot(slot, now: slot + 15 * 60 + 1) == nil)
    }

    @Test func codesAreSixDigitsAndNotTaken() {
        var random = SeededRandom(seed: 3)
        var taken = Set<String>()
        for _ in 0..<2000 {
            let code = Appointments.newCode(taken: taken, using: &random)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber) && !taken.contains(code))
            taken.insert(code)
        }
    }
}
