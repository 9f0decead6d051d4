import Foundation
import QueueCore
import Testing

@Suite struct RoleTests {
    @Test func eachRoleMayDoOnlyItsOwnWork() {
        #expect(Role.kiosk.permits(.issue(service: "A", priority: .normal), ownCounter: nil))
        #expect(!Role.kiosk.permits(.callNext(counter: 1), ownCounter: nil))
        #expect(Role.counter.permits(.callNext(counter: 5), ownCounter: 5))
        #expect(!Role.counter.permits(.callNext(counter: 4), ownCounter: 5))
        #expect(!Role.counter.permits(.issue(service: "A", priority: .normal), ownCounter: 5))
        #expect(!Role.counter.permits(.cancel(label: "A001"), ownCounter: 5))
        #expect(!Role.display.permits(.issue(service: "A", priority: .normal), ownCounter: nil))
        #expect(Role.manager.permits(.cancel(label: "A001"), ownCounter: nil))
    }
}

@Suite struct WaitEstimateTests {
    @Test func theEstimateSharesThePeopleAheadAmongStaffedCounters() throws {
        var hall = TestHall()
        #expect(hall.state.estimatedWait("A") == nil) // nobody serves A yet
        for _ in 0..<4 { _ = try hall.issue("A") }
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        #expect(hall.state.estimatedWait("A") == TimeInterval(4 * 30 * 60)) // target 30 min, no history
        try hall.run(.signIn(counter: 2, clerk: "c2"))
        #expect(hall.state.estimatedWait("A") == TimeInterval(2 * 30 * 60))
        _ = try hall.callNext(1)
        try hall.run(.start(counter: 1))
        hall.advance(minutes: 10)
        try hall.run(.finish(counter: 1))
        // 3 waiting over 2 counters → 2 rounds of the observed 10 min.
        #expect(hall.state.estimatedWait("A") == TimeInterval(2 * 10 * 60))
    }
}
