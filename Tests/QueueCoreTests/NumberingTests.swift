import Foundation
import QueueCore
import Testing

@Suite struct NumberingTests {
    @Test func numbersRunPerServiceAndNeverRepeatInADay() throws {
        var hall = TestHall()
        var labels: [String] = []
        for service in ["A", "B", "A", "A", "B"] { labels.append(try hall.issue(service).label) }
        #expect(labels == ["A001", "B001", "A002", "A003", "B002"])
    }

    @Test func numbersResetAtTheHallsLocalMidnightNotUTC() throws {
        var hall = TestHall(now: TestHall.mondayMorning)
        #expect(try hall.issue("A").label == "A001")
        #expect(try hall.issue("A").label == "A002")
        // Monday 23:30 UTC = Tuesday 06:30 in Hanoi: a new local day, though still Monday in UTC.
        let tuesdayEarly = TestHall.mondayMorning + 22.5 * 3600
        hall.now = tuesdayEarly
        #expect(LocalTime(hall.now, in: TimeZone(identifier: "UTC")!).day == "2026-11-30")
        #expect(hall.state.localTime(hall.now).day == "2026-12-01")
        let events = try hall.run(.tick)
        #expect(events.last?.kind == .dayOpened && events.last?.day == "2026-12-01")
        hall.now = tuesdayEarly + 3600 // 07:30 local, open
        let first = try hall.issue("A")
        #expect(first.label == "A001" && first.day == "2026-12-01")
    }

    @Test func theNewDayClosesYesterdaysOpenTicketsAndCounters() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        _ = try hall.issue("A")
        try hall.run(.signIn(counter: 1, clerk: "c1"))
        _ = try hall.callNext(1)
        hall.now += 24 * 3600
        let events = try hall.run(.tick)
        #expect(events.map(\.kind) == [.closedOpen, .closedOpen, .signedOut, .dayOpened])
        #expect(events.compactMap(\.ticket).allSatisfy { $0.outcome == .openAtClose && $0.state == .done })
        #expect(hall.state.tickets.isEmpty)
        #expect(hall.state.counters[1] == CounterState(number: 1))
        #expect(try hall.run(.tick).isEmpty)
    }

    /// A config change that drops a service (or a counter holding a ticket) strands open tickets:
    /// no counter can finish them. When the day closes they end "stranded", not "open at close",
    /// so reports tell them from the citizens the hall simply did not reach.
    @Test(arguments: ["service G", "counter 8"])
    func ticketsAConfigChangeStrandedEndStrandedWhenTheDayCloses(dropped: String) throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        _ = try hall.issue("G")
        _ = try hall.issue("G")
        try hall.run(.signIn(counter: 8, clerk: "c8"))
        #expect(try hall.callNext(8).label == "G001")
        // The coordinator restarts with a config that no longer has the service, or the counter.
        var config = hall.state.config
        if dropped == "service G" {
            config.services.removeAll { $0.id == "G" }
            for i in config.counters.indices { config.counters[i].services.removeAll { $0 == "G" } }
        } else {
            config.counters.removeAll { $0.number == 8 }
        }
        var restarted = HallState(config: config, day: hall.state.day)
        restarted.load(openTickets: Array(hall.state.tickets.values))
        restarted.counters = hall.state.counters
        restarted.seq = hall.state.seq
        hall.state = restarted
        #expect(hall.state.isStranded(hall.state.ticket(label: "G001")!))
        hall.now += 24 * 3600
        let outcomes = Dictionary(uniqueKeysWithValues: try hall.run(.tick).compactMap(\.ticket).map { ($0.label, $0.outcome) })
        #expect(outcomes["A001"] == .openAtClose)
        #expect(outcomes["G001"] == .stranded, "called at the dropped counter, or of the dropped service")
        #expect(outcomes["G002"] == (dropped == "service G" ? .stranded : .openAtClose))
    }

    @Test func aClockThatStepsBackDoesNotReopenYesterdayOrRestartNumbering() throws {
        var hall = TestHall()
        _ = try hall.issue("A")
        _ = try hall.issue("A")
        hall.now -= 24 * 3600 // the box booted with yesterday's date
        #expect(try hall.run(.tick).isEmpty)
        #expect(hall.state.day == "2026-11-30" && hall.state.tickets.count == 2)
        hall.now += 24 * 3600 // NTP fixed it
        #expect(try hall.issue("A").label == "A003")
    }

    @Test func aServiceThatRunsOutOfNumbersSaysSo() throws {
        var config = TestHall().state.config
        config.services[0].lastNumber = 2
        var hall = TestHall(config: config)
        _ = try hall.issue("A")
        _ = try hall.issue("A")
        #expect(hall.refusal(.issue(service: "A", priority: .normal))?.code == .numbersExhausted)
    }

    @Test func labelsArePaddedToTheWidthOfTheRange() {
        #expect(Service(id: "A", nameVi: "", nameEn: "").label(7) == "A007")
        #expect(Service(id: "B", nameVi: "", nameEn: "", lastNumber: 9999).label(42) == "B0042")
    }
}
