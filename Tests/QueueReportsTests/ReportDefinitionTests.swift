import Foundation
import QueueConfig
import QueueCore
import Testing
@testable import QueueReports

/// The definitions of docs/REPORTS.md, each on a few hand-made tickets.
struct ReportDefinitionTests {
    let config = HallConfigLoader.defaultHall()
    // Monday 2026-11-30 08:00 in Hanoi (UTC+7).
    let eight: Int64 = 1_796_000_400_000
    let minute: Int64 = 60_000

    func ticket(_ id: Int64, service: String = "A", issued: Int64, called: Int64? = nil, start: Int64? = nil, end: Int64? = nil,
                outcome: Outcome?, counter: Int? = 1, clerk: String? = "Nguyễn Thị Lan") -> ReportTicket {
        ReportTicket(id: id, day: "2026-11-30", service: service, outcome: outcome, issuedAt: issued, queuedAt: issued,
                     firstCalledAt: called, lastCalledAt: called, counter: called == nil ? nil : counter, clerk: called == nil ? nil : clerk,
                     serviceStartedAt: start, serviceEndedAt: end)
    }

    @Test func percentilesAreExactNearestRank() {
        let values = (1...10).map { Int64($0) * 1000 }
        let s = Summary(milliseconds: values.shuffled())!
        #expect(s.median == 5 && s.p90 == 9 && s.p95 == 10 && s.max == 10 && s.mean == 5.5)
        #expect(Summary.nearestRank((1...20).map(Int64.init), percent: 95) == 19)
        #expect(Summary(milliseconds: [42_123])!.p90 == 42.123)
        #expect(Summary(milliseconds: []) == nil)
    }

    @Test func waitWalkServiceAndTotalAreMeasuredFromTheRecordedInstants() {
        let t = ticket(1, issued: eight, called: eight + 12 * minute, start: eight + 13 * minute, end: eight + 33 * minute, outcome: .served)
        let r = HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.wait?.mean == 720)
        #expect(r.total.walk?.mean == 60)
        #expect(r.total.service?.mean == 1200)
        #expect(r.total.total?.mean == 1980)
        #expect(r.total.withinTarget == Share(count: 1, of: 1))
        #expect(r.total.meanWaitMet == true && r.total.serviceMet == true)
    }

    @Test func aWaitExactlyAtTheTargetIsWithinIt() {
        let onTarget = ticket(1, issued: eight, called: eight + 15 * minute, outcome: .noShow)
        let over = ticket(2, issued: eight, called: eight + 15 * minute + 1, outcome: .noShow)
        let r = HallReport.make(tickets: [onTarget, over], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.withinTarget == Share(count: 1, of: 2))
    }

    @Test func aTicketStillWaitingAtClosingIsCountedNeverDropped() {
        let served = ticket(1, issued: eight, called: eight + minute, start: eight + 2 * minute, end: eight + 5 * minute, outcome: .served)
        let left = ticket(2, issued: eight + 8 * 60 * minute, outcome: .openAtClose)
        let stillOpen = ticket(3, issued: eight + 8 * 60 * minute, outcome: nil)
        let r = HallReport.make(tickets: [served, left, stillOpen], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.issued == 3)
        #expect(r.total.openAtClose == 2)
        #expect(r.total.wait?.count == 1)
        #expect(r.hours.first { $0.key == "16" }?.figures.openAtClose == 2)
        #expect(r.services.first { $0.key == "A" }?.figures.openAtClose == 2)
    }

    @Test func aTransferredCitizenKeepsTheOriginalIssueTimeAtHallLevel() {
        var first = ticket(1, service: "A", issued: eight, called: eight + 10 * minute, start: eight + 11 * minute, end: eight + 14 * minute, outcome: .transferred)
        first.counter = 1
        let second = ReportTicket(id: 2, day: "2026-11-30", service: "D", outcome: .served, issuedAt: eight, queuedAt: eight + 14 * minute,
                                  firstCalledAt: eight + 20 * minute, lastCalledAt: eight + 20 * minute, counter: 5, clerk: "Trần Văn Minh",
                                  serviceStartedAt: eight + 21 * minute, serviceEndedAt: eight + 25 * minute, transferredFrom: 1)
        let r = HallReport.make(tickets: [first, second], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.issued == 1 && r.total.transferredIn == 1 && r.total.transferred == 1 && r.total.served == 1)
        #expect(r.total.wait?.max == 1200.0)                           // hall level: from the original issue
        #expect(r.services.first { $0.key == "D" }?.figures.wait?.max == 360.0) // in service D: from joining its queue
        #expect(r.counters.first { $0.key == "5" }?.figures.wait?.max == 1200.0)
    }

    @Test func dayBoundariesAndHoursFollowTheHallsTimeZone() {
        // 2026-11-30 00:30 in Hanoi is 2026-11-29 17:30 UTC: local day 30, hour 00.
        let justAfterMidnight = eight - 7 * 60 * minute - 30 * minute
        let t = ticket(1, issued: justAfterMidnight, outcome: .openAtClose)
        let r = HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.hours.map(\.key) == ["00"])
        var yesterday = t
        yesterday.day = "2026-11-29"
        #expect(HallReport.make(tickets: [yesterday], config: config, from: "2026-11-30", to: "2026-11-30").total.tickets == 0)
    }

    @Test func aClerksPaceIsDossiersPerWorkingDayTimesWorkingDaysPerYear() {
        var rows: [ReportTicket] = []
        for i in 0..<9 {
            rows.append(ticket(Int64(i + 1), issued: eight, called: eight + Int64(i) * minute, start: eight + Int64(i) * minute + 1,
                               end: eight + Int64(i) * minute + 2, outcome: .served))
        }
        var otherDay = rows[0]
        otherDay.id = 99
        otherDay.day = "2026-12-01"
        otherDay.outcome = .noShow
        let r = HallReport.make(tickets: rows + [otherDay], config: config, from: "2026-11-30", to: "2026-12-01")
        let clerk = r.clerks[0]
        #expect(clerk.received == 9 && clerk.workingDays == 2)
        #expect(clerk.pace == 9.0 / 2 * 250)
        #expect(clerk.paceMet == false)
    }

    @Test func csvOpensInSpreadsheetsWithVietnameseText() {
        let t = ticket(1, service: "F", issued: eight, called: eight + minute, outcome: .noShow, clerk: "Lê Thị \"Hương\", tổ 2")
        let csv = CSVReport.render(HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30"))
        #expect(csv.hasPrefix("\u{FEFF}hall,level,from,to,section"))
        #expect(csv.contains("\r\n"))
        #expect(csv.contains("Lao động – Thương binh và Xã hội"))
        #expect(csv.contains("\"Lê Thị \"\"Hương\"\", tổ 2\""))
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test func theHTMLReportIsOneSelfContainedPrintablePage() {
        let t = ticket(1, issued: eight, called: eight + 20 * minute, start: eight + 21 * minute, end: eight + 30 * minute, outcome: .served)
        let html = HTMLReport.render(HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http") == false)
        #expect(html.contains("Đất đai"))
    }

    @Test func aRollUpLabelsHallsByTheirOwnLevelAndPoolsTheTotal() {
        var district = config
        district.hall.name = "Quận Ba Đình"
        district.hall.level = "district"
        let a = ticket(1, issued: eight, called: eight + 10 * minute, outcome: .noShow)
        let b = ticket(1, issued: eight, called: eight + 30 * minute, outcome: .noShow)
        let c = ticket(2, issued: eight, called: eight + 20 * minute, outcome: .noShow)
        let r = RollupReport.make([.init(tickets: [a], config: district), .init(tickets: [b, c], config: config)], from: "2026-11-30", to: "2026-11-30")
        #expect(r.levels.map(\.level) == ["district", "commune"])
        #expect(r.halls.map(\.figures.called) == [1, 2])
        #expect(r.total.wait?.median == 20 * 60 && r.total.wait?.max == 30 * 60)
    }
}
