import Foundation
import QueueCore
import Testing

@Suite struct TicketLifecycleTests {
    @Test func aCitizenIsIssuedCalledServedAndEveryStepIsTimestamped() throws {
        var hall = TestHall()
        let issued = try hall.issue("A")
        #expect(issued.label == "A001")
        #expect(issued.day == "2026-11-30")
        #expect(issued.state == .waiting)

        try hall.run(.signIn(counter: 1, clerk: "Nguyễn Văn An"))
        hall.advance(minutes: 7)
        let called = try hall.callNext(1)
        #expect(called.firstCalledAt == hall.now && called.counter == 1 && called.clerk == "Nguyễn Văn An")

        hall.advance(minutes: 1)
        let recalled = try hall.run(.recall(counter: 1)).first!.ticket!
        #expect(recalled.callCount == 2)
        #expect(recalled.firstCalledAt == called.firstCalledAt)
        #expect(recalled.lastCalledAt == hall.now)

        hall.advance(minutes: 1)
        let started = try hall.run(.start(counter: 1)).first!.ticket!
        #expect(started.state == .serving && started.serviceStartedAt == hall.now)

        hall.advance(minutes: 20)
        let events = try hall.run(.finish(counter: 1))
        let done = events.first!.ticket!
        #expect(done.state == .done && done.outcome == .served && done.serviceEndedAt == hall.now)
        #expect(hall.state.tickets.isEmpty)
        #expect(hall.state.counters[1]?.ticket == nil)
        #expect(hall.state.recentServiceTimes["A"] == [20 * 60])
    }

    @Test func aCalledCitizenWhoDoesNotComeIsANoShow() throws {
        var hall = TestHall()
        _ = try hall.issue("C")
        try hall.run(.signIn(counter: 4, clerk: "c4"))
        _ = try hall.callNext(4)
        let ticket = try hall.run(.noShow(counter: 4)).first!.ticket!
        #expect(ticket.outcome == .noShow)
        #expect(ticket.serviceStartedAt == nil)
        #expect(hall.state.counters[4]?.ticket == nil)
    }

    @Test func aTransferKeepsTheIssueTimeAndJoinsTheNewQueueAtTheBack() throws {
        var hall = TestHall()
        let original = try hall.issue("A")
        hall.advance(minutes: 5)
        _ = try hall.issue("B")
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        _ = try hall.callNext(1)
        try hall.run(.start(counter: 1))
        hall.advance(minutes: 3)
        let events = try hall.run(.transfer(counter: 1, to: "B"))
        #expect(events.map(\.kind) == [.transferred, .issued])
        let ended = events[0].ticket!, moved = events[1].ticket!
        #expect(ended.outcome == .transferred && ended.serviceEndedAt == hall.now)
        #expect(moved.label == "A001" && moved.service == "B")
        #expect(moved.issuedAt == original.issuedAt)
        #expect(moved.queuedAt == hall.now)
        #expect(moved.transferredFrom == ended.id)
        // B001 came earlier to B's queue, so it goes first.
        #expect(hall.state.waiting(service: "B").map(\.label) == ["B001", "A001"])
        // A transfer is not a new number.
        #expect(try hall.issue("A").label == "A002")
    }

    @Test func refusalsSayWhatToDoAndChangeNothing() throws {
        var hall = TestHall()
        let before = hall.state
        #expect(hall.refusal(.callNext(counter: 1))?.code == .counterClosed)
        #expect(hall.refusal(.issue(service: "Z", priority: .normal))?.code == .unknownService)
        #expect(hall.refusal(.callNext(counter: 99))?.code == .unknownCounter)
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        #expect(hall.refusal(.callNext(counter: 1))?.code == .queueEmpty)
        #expect(hall.refusal(.finish(counter: 1))?.code == .noCurrentTicket)
        _ = try hall.issue("A")
        _ = try hall.callNext(1)
        #expect(hall.refusal(.finish(counter: 1))?.message.contains("start serving it first") == true)
        #expect(hall.refusal(.callNext(counter: 1))?.code == .counterBusy)
        #expect(hall.refusal(.pause(counter: 1, reason: " "))?.code == .reasonRequired)
        #expect(hall.refusal(.signOut(counter: 1))?.code == .counterBusy)
        _ = before
    }

    /// A shift hand-over at a counter with a citizen: the new clerk signs in, the citizen stays
    /// at the counter as the first clerk's dossier, and the next call is the new clerk's.
    @Test func aClerkTakesOverABusyCounterAndTheCitizenStaysTheFirstClerksDossier() throws {
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "Lan"))
        _ = try hall.issue("A")
        _ = try hall.issue("A")
        let first = try hall.callNext(1)
        try hall.run(.start(counter: 1))
        try hall.run(.signIn(counter: 1, clerk: "Minh"))
        #expect(hall.state.counters[1]?.clerk == "Minh" && hall.state.counters[1]?.ticket == first.id)
        let served = try hall.run(.finish(counter: 1)).last { $0.kind == .finished }?.ticket
        #expect(served?.clerk == "Lan")
        #expect(try hall.callNext(1).clerk == "Minh")
    }

    @Test func aPausedCounterCallsNobodyUntilResumed() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        let paused = try hall.run(.pause(counter: 1, reason: "Nghỉ giải lao")).first!.counter!
        #expect(paused.status == .paused && paused.pauseReason == "Nghỉ giải lao")
        #expect(hall.refusal(.callNext(counter: 1))?.code == .counterPaused)
        try hall.run(.resume(counter: 1))
        #expect(try hall.callNext(1).label == "A001")
    }

    @Test func aClerkCanCallASpecificTicketAndAManagerCanCancelOne() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        _ = try hall.issue("A")
        try hall.run(.signIn(counter: 2, clerk: "c2"))
        let called = try hall.run(.callTicket(counter: 2, label: "a002")).first!.ticket!
        #expect(called.label == "A002")
        let cancelled = try hall.run(.cancel(label: "A001")).first!.ticket!
        #expect(cancelled.outcome == .cancelled)
        #expect(hall.refusal(.cancel(label: "A002"))?.code == .ticketNotWaiting)
    }

    @Test func ticketsAreIssuedOnlyDuringOpeningHours() throws {
        var hall = TestHall(now: TestHall.mondayMorning - 3600) // 07:00 local, before 07:30
        #expect(hall.refusal(.issue(service: "A", priority: .normal))?.code == .hallClosed)
        hall.advance(minutes: 30)
        #expect(try hall.issue("A").label == "A001")
        hall.advance(minutes: 4 * 60 + 15) // 11:45, lunch
        #expect(hall.refusal(.issue(service: "A", priority: .normal))?.code == .hallClosed)
    }
}
