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
