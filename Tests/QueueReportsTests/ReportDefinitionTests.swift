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
        #expect(r.intervals.first { $0.key == "16:00" }?.figures.openAtClose == 2)
        #expect(r.services.first { $0.key == "A" }?.figures.openAtClose == 2)
    }

    @Test func ticketsStrandedByAConfigChangeAreNamedApart() {
        let left = ticket(1, issued: eight, outcome: .openAtClose)
        let stranded = ticket(2, service: "G", issued: eight, outcome: .stranded)
        let r = HallReport.make(tickets: [left, stranded], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.openAtClose == 1 && r.total.stranded == 1)
        #expect(r.visits.openAtClose == 1 && r.visits.stranded == 1 && r.visits.neverCalled == 2)
        let f = r.total
        #expect(f.issued + f.transferredIn == f.served + f.noShow + f.transferred + f.cancelled + f.openAtClose + f.stranded)
        #expect(TextReport.render(r).contains("1 stranded by a config change"))
        #expect(CSVReport.render(r).contains(",stranded,"))
    }

    @Test func aTransferredCitizenIsOneVisitWhoseSecondWaitStartsAtTheHandOver() {
        var first = ticket(1, service: "A", issued: eight, called: eight + 10 * minute, start: eight + 11 * minute, end: eight + 14 * minute, outcome: .transferred)
        first.counter = 1
        let second = ReportTicket(id: 2, day: "2026-11-30", service: "D", outcome: .served, issuedAt: eight, queuedAt: eight + 14 * minute,
                                  firstCalledAt: eight + 20 * minute, lastCalledAt: eight + 20 * minute, counter: 5, clerk: "Trần Văn Minh",
                                  serviceStartedAt: eight + 21 * minute, serviceEndedAt: eight + 25 * minute, transferredFrom: 1)
        let r = HallReport.make(tickets: [first, second], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.total.issued == 1 && r.total.transferredIn == 1 && r.total.transferred == 1 && r.total.served == 1)
        // One citizen: waited 10 min for A, was served 4 min, then waited 6 min for D.
        #expect(r.visits.visits == 1 && r.visits.transferred == 1 && r.visits.served == 1)
        #expect(r.visits.wait?.max == 960.0)
        #expect(r.visits.time?.max == 1500.0)
        // Legs: each from joining its queue, never counting the minutes at the first counter.
        #expect(r.total.wait?.max == 600.0 && r.total.wait?.min == 360.0)
        #expect(r.services.first { $0.key == "D" }?.figures.wait?.max == 360.0)
        #expect(r.counters.first { $0.key == "5" }?.figures.wait?.max == 360.0)
    }

    @Test func dayBoundariesAndHoursFollowTheHallsTimeZone() {
        // 2026-11-30 00:30 in Hanoi is 2026-11-29 17:30 UTC: local day 30, hour 00.
        let justAfterMidnight = eight - 7 * 60 * minute - 30 * minute
        let t = ticket(1, issued: justAfterMidnight, outcome: .openAtClose)
        let r = HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.intervals.map(\.key) == ["00:00"])
        var yesterday = t
        yesterday.day = "2026-11-29"
        #expect(HallReport.make(tickets: [yesterday], config: config, from: "2026-11-30", to: "2026-11-30").total.tickets == 0)
    }

    @Test func aClerksPaceIsTheYearSoFarAgainstTheProRataTarget() {
        var rows: [ReportTicket] = []
        for i in 0..<9 {
            rows.append(ticket(Int64(i + 1), issued: eight, called: eight + Int64(i) * minute, start: eight + Int64(i) * minute + 1,
                               end: eight + Int64(i) * minute + 2, outcome: .served))
        }
        // The sample hall opens Monday to Saturday: 2026 has 313 such days, 1 January to
        // Monday 30 November holds 286 of them.
        let context = ReportContext(yearToDate: ["Nguyễn Thị Lan": 1_500])
        let r = HallReport.make(tickets: rows, config: config, from: "2026-11-30", to: "2026-11-30", context: context)
        let clerk = r.clerks[0]
        #expect(clerk.received == 9 && clerk.workingDays == 1)
        #expect(clerk.daysInYear == 313 && clerk.daysElapsed == 286)
        #expect(clerk.spanTarget == 1800.0 / 313)                 // a single day: the day's share
        #expect(clerk.yearToDate == 1_500)
        #expect(clerk.proRataTarget == 1800.0 * 286 / 313)          // 1,644.7
        #expect(clerk.projection == 1500.0 / 286 * 313)             // 1,641.6
        #expect(clerk.paceMet == false)
        // A clerk who received 1,000 by the end of the year is not on pace; 1,800 is.
        let dec31 = ReportContext(yearToDate: ["Nguyễn Thị Lan": 1_000, "Trần Văn Minh": 1_800])
        var last = rows[0]
        last.day = "2026-12-31"
        let y = HallReport.make(tickets: [last], config: config, from: "2026-01-01", to: "2026-12-31", context: dec31)
        #expect(y.clerks.map(\.paceMet) == [false, true])
        #expect(y.clerks.map { $0.projection.rounded() } == [1000, 1800])
    }

    @Test func citizensNeverCalledCountAtTheirLowerBound() {
        // Called after 10 and 20 minutes; one gave up after 30; one still waiting when the hall
        // closed at 17:00, issued at 16:00.
        let a = ticket(1, issued: eight, called: eight + 10 * minute, outcome: .noShow)
        let b = ticket(2, issued: eight, called: eight + 20 * minute, outcome: .noShow)
        var gaveUp = ticket(3, issued: eight, outcome: .cancelled)
        gaveUp.endedAt = eight + 30 * minute
        let atClose = ticket(4, issued: eight + 8 * 60 * minute, outcome: .openAtClose)
        let r = HallReport.make(tickets: [a, b, gaveUp, atClose], config: config, from: "2026-11-30", to: "2026-11-30")
        let v = r.visits
        #expect(v.visits == 4 && v.called == 2 && v.neverCalled == 2 && v.cancelled == 1 && v.openAtClose == 1)
        #expect(v.wait?.mean == 900)                                 // 15:00, those called
        #expect(v.waitNeverCalled?.mean == 2700)                     // (30 + 60) / 2
        #expect(v.meanWaitAtLeast == 1800)                           // (10 + 20 + 30 + 60) / 4
        #expect(v.withinTarget == Share(count: 1, of: 4))
        #expect(v.meanWaitMet == false)
    }

    @Test func dossiersOverTheirServicesCeilingAreListedAndCounted() {
        // Service A's ceiling is 30 minutes, D's (certification) as configured.
        let long = ticket(1, service: "A", issued: eight, called: eight + minute, start: eight + 2 * minute, end: eight + 33 * minute, outcome: .served)
        let exact = ticket(2, service: "A", issued: eight, called: eight + minute, start: eight + 2 * minute, end: eight + 32 * minute, outcome: .served)
        let r = HallReport.make(tickets: [long, exact], config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.overTarget.dossiers.map(\.id) == [1])
        #expect(r.overTarget.dossiers[0].duration == 1860 && r.overTarget.dossiers[0].ceiling == 1800)
        #expect(r.overTarget.byService.first { $0.key == "A" }.map { ($0.count, $0.of) }! == (1, 2))
        #expect(r.overTarget.byHour.map(\.key) == ["08"])
        #expect(r.handling.first { $0.service == "A" }?.over == 1)
        let base = ReportContext(baseline: Baseline(label: "entered", meanService: ["A": 3600]))
        let b = HallReport.make(tickets: [long, exact], config: config, from: "2026-11-30", to: "2026-11-30", context: base)
        #expect(b.handling.first { $0.service == "A" }?.change == -1770.0)
        #expect(b.baselineLabel == "entered")
    }

    @Test func aLongServiceNameWrapsInTheChartsInsteadOfBeingCut() {
        #expect(SVGChart.wrap("F Lao động – Thương binh và Xã hội", width: 30) == ["F Lao động – Thương", "binh và Xã hội"])
        #expect(SVGChart.wrap("A Đất đai", width: 30) == ["A Đất đai"])
        let served = ticket(1, service: "F", issued: eight, called: eight + minute, start: eight + 2 * minute, end: eight + 9 * minute, outcome: .served)
        var longNames = config
        longNames.services[5].nameVi = "Lao động – Thương binh và Xã hội"
        let html = HTMLReport.render(HallReport.make(tickets: [served], config: longNames, from: "2026-11-30", to: "2026-11-30"))
        #expect(html.contains(">binh và Xã hội</tspan>"))
    }

    @Test func aLongListOfDossiersOverTheCeilingKeepsTheLongestAndCountsThemAll() {
        // 600 dossiers of A over its 30-minute ceiling by 1 to 600 seconds.
        let rows = (1...600).map { i in
            ticket(Int64(i), issued: eight, called: eight + minute, start: eight + 2 * minute, end: eight + 2 * minute + 30 * minute + Int64(i) * 1000, outcome: .served)
        }
        let r = HallReport.make(tickets: rows, config: config, from: "2026-11-30", to: "2026-11-30")
        #expect(r.overTarget.total == 600)
        #expect(r.overTarget.dossiers.count == OverTarget.listLimit)
        #expect(r.overTarget.dossiers.map(\.id).min() == 101, "the 500 longest are 101…600")
        #expect(r.overTarget.byService.first { $0.key == "A" }?.count == 600)
        #expect(TextReport.render(r).contains("(as configured): 600, the 500 longest listed"))
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        #expect(CSV.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSV.field("+1+2") == "'+1+2")
        #expect(CSV.field("-2+3") == "'-2+3")
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.field("\tx") == "'\tx")
        #expect(CSV.field("\rx") == "\"'\rx\"")
        #expect(CSV.field("-12") == "-12")
        #expect(CSV.field("Nguyễn Văn An") == "Nguyễn Văn An")
        let t = ticket(1, issued: eight, called: eight + minute, outcome: .noShow, clerk: "=cmd|' /C calc'!A0")
        #expect(CSVReport.render(HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30")).contains(",'=cmd|' /C calc'!A0,"))
    }

    @Test func chartAxesShowReadableTicks() {
        #expect(SVGChart.Ticks(max: 2, whole: true).values == [0, 1, 2])
        #expect(SVGChart.Ticks(max: 7, whole: true).values == [0, 2, 4, 6, 8])
        #expect(SVGChart.Ticks(max: 130, whole: true).values == [0, 50, 100, 150])
        #expect(SVGChart.Ticks(max: 22.5, whole: false).values == [0, 5, 10, 15, 20, 25])
    }

    @Test func theHallsCalendarGivesWeeksMonthsYearsAndTheDaysShare() {
        let s = HallReport.spans(around: "2026-11-30")
        #expect(s.week == ("2026-11-30", "2026-12-06") && s.month == ("2026-11-01", "2026-11-30") && s.year == ("2026-01-01", "2026-12-31"))
        #expect(HallReport.spans(around: "2028-02-10").month.1 == "2028-02-29")
        #expect(HallReport.spans(around: "2027-01-01").week == ("2026-12-28", "2027-01-03"))
        #expect(CivilDay.weekday("2026-11-30") == 1 && CivilDay.weekday("2000-01-01") == 6)
        #expect(HallReport.dailyShare(config: config, day: "2026-11-30") == 1800.0 / 313)   // Monday to Saturday
        // Closed days on opening weekdays are not working days (a Sunday one changes nothing).
        var closed = config
        closed.hall.hours.closedDays = ["2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02", "2026-05-03"]
        #expect(HallReport.dailyShare(config: closed, day: "2026-11-30") == 1800.0 / 309)
    }

    @Test func weekdaysAndIntervalsCutTheSpan() {
        let a = ticket(1, issued: eight + 20 * minute, called: eight + 25 * minute, outcome: .noShow)
        var b = ticket(2, issued: eight + 24 * 60 * minute + 40 * minute, called: eight + 24 * 60 * minute + 41 * minute, outcome: .noShow)
        b.day = "2026-12-01"
        let r = HallReport.make(tickets: [a, b], config: config, from: "2026-11-30", to: "2026-12-01", context: ReportContext(intervalMinutes: 15))
        #expect(r.weekdays.map(\.name) == ["Thứ Hai · Mon", "Thứ Ba · Tue"])
        #expect(r.intervals.map(\.key) == ["08:15", "08:30"])
        #expect(r.intervals.map { $0.visits?.visits } == [1, 1])
    }

    @Test func csvOpensInSpreadsheetsWithVietnameseText() {
        let t = ticket(1, service: "F", issued: eight, called: eight + minute, outcome: .noShow, clerk: "Lê Thị \"Hương\", tổ 2")
        let csv = CSVReport.render(HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30"))
        #expect(csv.hasPrefix("\u{FEFF}hall,level,from,to,section"))
        #expect(csv.contains("\r\n"))
        #expect(csv.contains("Nội vụ, lao động và việc làm"))
        #expect(csv.contains("\"Lê Thị \"\"Hương\"\", tổ 2\""))
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test func theHTMLReportIsOneSelfContainedPrintablePage() {
        let t = ticket(1, issued: eight, called: eight + 20 * minute, start: eight + 21 * minute, end: eight + 30 * minute, outcome: .served)
        let html = HTMLReport.render(HallReport.make(tickets: [t], config: config, from: "2026-11-30", to: "2026-11-30"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
        #expect(html.contains("Gọi trong mục tiêu"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http") == false)
        #expect(html.contains("Đất đai"))
        // The English halves of headings and captions are marked English, as is the footer's.
        #expect(html.contains("<h2>Theo dịch vụ · <span lang=\"en\">Service legs by service"))
        #expect(html.contains("<figcaption>Phân bố thời gian chờ · <span lang=\"en\">Wait distribution"))
        #expect(html.contains("<p lang=\"en\">A visit is one citizen"))
    }

    @Test func aRollUpLabelsHallsByTheirOwnLevelAndPoolsTheTotal() {
        var district = config
        district.hall.name = "Quận Ba Đình"
        district.hall.level = "district"
        let a = ticket(1, issued: eight, called: eight + 10 * minute, outcome: .noShow)
        let b = ticket(1, issued: eight, called: eight + 30 * minute, outcome: .noShow)
        let c = ticket(2, issued: eight, called: eight + 20 * minute, outcome: .noShow)
        let r = RollupReport.make([.init(tickets: [a], config: district), .init(tickets: [b, c], config: config)], from: "2026-11-30", to: "2026-11-30")
        #expect(r.levels.map(\.level) == ["district", "ward"])
        #expect(r.halls.map(\.figures.called) == [1, 2])
        #expect(r.total.wait?.median == 20 * 60 && r.total.wait?.max == 30 * 60)
        // Each service across the halls: its legs pooled, named as its first hall names it.
        let services = Set([a, b, c].map(\.service)).sorted()
        #expect(r.services.map(\.service) == services)
        #expect(r.services.reduce(0) { $0 + $1.figures.called } == 3)
        let pooled = r.services.first { $0.service == a.service }
        #expect(pooled?.halls == 2 && pooled?.name == config.service(a.service)?.nameVi)
        #expect(pooled?.figures.called == [a, b, c].filter { $0.service == a.service }.count)
    }

    /// Issue 17: the roll-up carries each hall's ratings and their sum; a hall with none (given
    /// or kept) shows "–", and with none in any hall the section is left out (as at the city).
    @Test func aRollUpAddsTheHallsRatingsUp() {
        var district = config
        district.hall.name = "Quận Ba Đình"
        let t = ticket(1, issued: eight, called: eight + 10 * minute, outcome: .served)
        let rated = ReportContext(ratings: [RatingCount(service: t.service, clerk: "Lan", rating: .verySatisfied, reason: nil, count: 3),
                                            RatingCount(service: t.service, clerk: "Lan", rating: .dissatisfied, reason: .longWait, count: 1)])
        let none = ReportContext(ratings: [])
        let r = RollupReport.make([.init(tickets: [t], config: district, context: rated), .init(tickets: [t], config: config, context: none),
                                   .init(tickets: [t], config: config)], from: "2026-11-30", to: "2026-11-30")
        #expect(r.halls.map { $0.ratings?.total } == [4, nil, nil])
        #expect(r.ratings?.total == 4 && r.ratings?.verySatisfied == 3 && r.ratings?.reasons == ["long-wait": 1])
        let text = TextReport.render(r)
        #expect(text.contains("Citizens' ratings by hall"))
        let unrated = RollupReport.make([.init(tickets: [t], config: district, context: none), .init(tickets: [t], config: config)], from: "2026-11-30", to: "2026-11-30")
        #expect(unrated.ratings == nil && !TextReport.render(unrated).contains("ratings by hall"))
        #expect(CSVReport.render(r).components(separatedBy: "\r\n").first { $0.contains(",total,") }?.hasSuffix(",4,3,0,1") == true)
        #expect(HTMLReport.render(r).contains("Citizens' ratings by hall"))
    }
}
