import Foundation
import QueueCore
import Testing

@Suite struct QueuePolicyTests {
    @Test func withinAServiceItIsFirstComeFirstServed() throws {
        var hall = TestHall()
        for _ in 0..<3 { _ = try hall.issue("A"); hall.advance(minutes: 1) }
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        var order: [String] = []
        for _ in 0..<3 {
            order.append(try hall.callNext(1).label)
            try hall.run(.noShow(counter: 1))
        }
        #expect(order == ["A001", "A002", "A003"])
    }

    @Test func aPriorityTicketGoesAheadOfRecentNormalOnes() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        hall.advance(minutes: 5)
        _ = try hall.issue("A", .elderly)
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        #expect(try hall.callNext(1).label == "A002")
    }

    /// "Ahead" is the policy's own order: exactly the calls a counter makes before the ticket,
    /// for a priority ticket that overtook recent normal ones as for a normal one.
    @Test func aheadIsHowManyCallsComeBeforeTheTicket() throws {
        var hall = TestHall()
        var issued: [Ticket] = []
        for i in 0..<12 {
            issued.append(try hall.issue("A", i % 4 == 3 ? .elderly : .normal))
            hall.advance(minutes: 3)
        }
        let told = Dictionary(uniqueKeysWithValues: issued.map { ($0.label, hall.state.ahead(of: hall.state.tickets[$0.id]!)) })
        // A012, the last ticket, is a priority one: it goes ahead of the normal tickets of the last
        // 20 minutes, not behind everyone.
        #expect(told["A012"]! < 11)
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        var calls = 0
        while hall.state.waitingCount(service: "A") > 0 {
            let called = try hall.callNext(1)
            #expect(told[called.label] == calls, "\(called.label) was told \(told[called.label]!) ahead and was call \(calls + 1)")
            try hall.run(.noShow(counter: 1))
            calls += 1
        }
    }

    @Test func aNormalTicketThatWaitedLongerThanTheBoostGoesFirst() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        hall.advance(minutes: 25) // boost is 20 min
        _ = try hall.issue("A", .pregnant)
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        #expect(try hall.callNext(1).label == "A001")
    }

    @Test func normalTicketsNeverStarveUnderAStreamOfPriorityTickets() throws {
        // A priority ticket every minute, one call every minute: priority alone could fill the counter.
        var hall = TestHall()
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        let normal = try hall.issue("A")
        var calls = 0
        var servedNormal = false
        for _ in 0..<200 {
            _ = try hall.issue("A", .priority)
            hall.advance(minutes: 1)
            let called = try hall.callNext(1)
            calls += 1
            try hall.run(.noShow(counter: 1))
            if called.id == normal.id { servedNormal = true; break }
        }
        #expect(servedNormal)
        // Overtaken only by priority tickets issued within the 20-minute boost: at most 21 calls.
        #expect(calls <= 22)
    }

    @Test func priorityOffMeansPlainFIFO() throws {
        var config = TestHall().state.config
        config.policy.priorityBoost = 0
        var hall = TestHall(config: config)
        _ = try hall.issue("A")
        hall.advance(minutes: 1)
        _ = try hall.issue("A", .disabled)
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        #expect(try hall.callNext(1).label == "A001")
    }

    @Test func aCounterServingSeveralServicesTakesTheLongestWait() throws {
        var hall = TestHall()
        _ = try hall.issue("B")   // counter 2 serves A first, then B
        hall.advance(minutes: 2)
        _ = try hall.issue("A")
        try hall.run(.signIn(counter: 2, clerk: "c2"))
        #expect(try hall.callNext(2).label == "B001")
    }

    @Test func equalWaitsGoToTheServiceTheCounterListsFirst() {
        let counter = Counter(number: 3, name: "Quầy 3", services: ["B", "A"])
        let at = TestHall.mondayMorning
        let a = Ticket(id: 1, day: "d", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: at)
        let b = Ticket(id: 2, day: "d", service: "B", number: 1, label: "B001", priority: .normal, issuedAt: at)
        #expect(QueuePolicy().next(for: counter, among: [a, b], now: at)?.label == "B001")
        #expect(QueuePolicy().next(for: Counter(number: 2, name: "", services: ["A", "B"]), among: [a, b], now: at)?.label == "A001")
        #expect(QueuePolicy().next(for: Counter(number: 9, name: "", services: ["C"]), among: [a, b], now: at) == nil)
    }

    @Test func thePolicyIsDeterministic() throws {
        var hall = TestHall()
        for i in 0..<30 { _ = try hall.issue(["A", "B"][i % 2], i % 5 == 0 ? .child : .normal); hall.advance(minutes: 0.5) }
        let counter = hall.state.config.counter(2)!
        let tickets = Array(hall.state.tickets.values)
        let first = QueuePolicy().next(for: counter, among: tickets, now: hall.now)
        for _ in 0..<10 { #expect(QueuePolicy().next(for: counter, among: tickets.shuffled(), now: hall.now) == first) }
    }
}
