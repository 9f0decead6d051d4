import Foundation
import QueueConfig
import QueueCore
import QueueReports
@testable import QueueWeb
import Testing

/// The pages as pure functions of the hall's state: no server.
struct PageRenderTests {
    let config = HallConfigLoader.defaultHall()
    let monday8 = Date(timeIntervalSince1970: 1_796_000_400)

    func hall(_ commands: [Command], step: TimeInterval = 60) -> (HallState, [Ticket], Date) {
        var state = HallState(config: config)
        var now = monday8
        var today: [Int64: Ticket] = [:]
        for command in [.tick] + commands {
            guard case .success(let events) = state.perform(command, by: "test", at: now) else { continue }
            for t in events.compactMap(\.ticket) { today[t.id] = t }
            now += step
        }
        return (state, Array(today.values), now)
    }

    @Test func theWaitingListIsInTheOrderNextWouldCall() {
        let (state, today, now) = hall([.issue(service: "A", priority: .normal), .issue(service: "B", priority: .normal),
                                         .issue(service: "A", priority: .elderly), .issue(service: "C", priority: .normal)])
        let model = ConsoleModel(state: state, today: today, counter: 2, clerk: nil, now: now)
        #expect(model.waiting.map(\.label) == ["A002", "A001", "B001"])
        #expect(model.waitingTotal == 3)
        let html = ConsolePage.live(model)
        #expect(html.contains("<li class=\"prio\" data-label=\"A002\">"))
        #expect(html.contains("Ưu tiên · người cao tuổi"))
    }

    @Test func theClerksCountIsHeldAgainstTheDailyPaceOf1800AYear() {
        let (state, today, _) = hall([.issue(service: "A", priority: .normal), .issue(service: "A", priority: .normal),
                                       .signIn(counter: 1, clerk: "An"), .callNext(counter: 1), .start(counter: 1), .finish(counter: 1),
                                       .callNext(counter: 1), .noShow(counter: 1)])
        // 10:45 on a Monday: 195 of the day's 450 opening minutes (07:30–11:30, 13:30–17:00) have passed.
        let model = ConsoleModel(state: state, today: today, counter: 1, clerk: nil, now: monday8 + 2 * 3600 + 45 * 60)
        #expect(model.servedToday == 1)
        // The sample hall's calendar: Monday to Saturday, 313 working days in 2026.
        #expect(model.dailyTarget == 1800.0 / 313)
        #expect(abs(model.expectedByNow - 1800.0 / 313 * 195 / 450) < 1e-9)
        let pace = ConsolePage.pace(model)
        #expect(pace.contains("mục tiêu 5,8/ngày") && pace.contains("(1.800/năm)") && pace.contains("nên có 2,5"))
    }

    @Test func aServingTicketRunsItsTimerFromTheStartOfService() {
        let (state, today, now) = hall([.issue(service: "A", priority: .normal), .signIn(counter: 1, clerk: "An"),
                                         .callNext(counter: 1), .start(counter: 1)])
        let model = ConsoleModel(state: state, today: today, counter: 1, clerk: nil, now: now)
        let started = model.current!.serviceStartedAt!
        #expect(model.timerSince == started)
        #expect(ConsolePage.current(model).contains("data-since=\"\(Int64(started.timeIntervalSince1970 * 1000))\""))
        #expect(model.can.finish && !model.can.next && !model.can.start)
    }

    /// Issue 14: the timer warns past the service's ceiling, and suggests a no-show when the
    /// called citizen has not come after 3 minutes.
    @Test func theTimerWarnsPastTheCeilingAndSuggestsANoShow() {
        let (serving, today, started) = hall([.issue(service: "A", priority: .normal), .signIn(counter: 1, clerk: "An"),
                                              .callNext(counter: 1), .start(counter: 1)])
        let ceiling = config.service("A")!.serviceTarget
        let inTime = ConsolePage.current(ConsoleModel(state: serving, today: today, counter: 1, clerk: nil, now: started + ceiling - 120))
        let late = ConsolePage.current(ConsoleModel(state: serving, today: today, counter: 1, clerk: nil, now: started + ceiling + 60))
        #expect(inTime.contains("class=\"timer-line\"") && inTime.contains("data-limit=\"\(Int(ceiling))\""))
        #expect(late.contains("class=\"timer-line over\"") && late.contains("over the service's"), "\(late)")
        let (called, today2, at) = hall([.issue(service: "A", priority: .normal), .signIn(counter: 1, clerk: "An"), .callNext(counter: 1)])
        let waitingForThem = ConsolePage.current(ConsoleModel(state: called, today: today2, counter: 1, clerk: nil, now: at + 200))
        #expect(waitingForThem.contains("timer-line over") && waitingForThem.contains("Bấm Vắng mặt (V)"))
        #expect(!ConsolePage.current(ConsoleModel(state: called, today: today2, counter: 1, clerk: nil, now: at + 60)).contains("timer-line over"))
    }

    /// Issue 14: the dashboard says what needs a manager: citizens waiting for a service no
    /// counter serves, and a counter paused for 15 minutes or more; nothing when all is well.
    @Test func theDashboardAlertsOnUnservedServicesAndLongPauses() {
        let (state, today, now) = hall([.signIn(counter: 1, clerk: "An"), .signIn(counter: 5, clerk: "Bình"),
                                         .pause(counter: 5, reason: "Họp"), .issue(service: "A", priority: .normal), .issue(service: "E", priority: .normal)])
        var m = DashboardModel(state: state, today: today, now: now)
        m.pausedAt = [5: (now - 20 * 60).milliseconds]
        let html = DashboardPage.alerts(m)
        #expect(html.contains("id=\"alerts\""))
        // E is served by counters 6 and 7, both closed.
        #expect(html.contains("E · Đăng ký kinh doanh hộ cá thể: 1 công dân đang chờ mà không quầy nào mở"), "\(html)")
        #expect(!html.contains("A · Đất đai"), "A is served by counter 1")
        #expect(html.contains("Quầy 5 tạm ngừng") && html.contains("20 phút"), "\(html)")
        m.pausedAt = [5: (now - 5 * 60).milliseconds]
        let short = DashboardPage.alerts(m)
        #expect(!short.contains("Quầy 5"))
        let (calm, calmToday, calmNow) = hall([.signIn(counter: 1, clerk: "An"), .issue(service: "A", priority: .normal)])
        #expect(DashboardPage.alerts(DashboardModel(state: calm, today: calmToday, now: calmNow)).isEmpty)
    }

    /// Issue 14: estimates give no seconds to a guess; Vietnamese shares use a decimal comma.
    @Test func estimatesAreSaidInMinutesAndSharesWithADecimalComma() {
        #expect(Format.estimate(3618) == "~1 giờ" && Format.estimate(1490) == "~25 phút" && Format.estimate(4200) == "~1 giờ 10 phút")
        #expect(Format.estimate(20) == "Không phải chờ")
        #expect(Format.viPercent(Share(count: 339, of: 1000)) == "33,9%")
    }

    /// Issue 14: a transfer goes to the service the clerk chooses, never to the first by default.
    @Test func theTransferChoiceStartsEmptyAndMustBeMade() {
        let (state, today, now) = hall([.issue(service: "A", priority: .normal), .signIn(counter: 1, clerk: "An"), .callNext(counter: 1)])
        let html = ConsolePage.actions(ConsoleModel(state: state, today: today, counter: 1, clerk: nil, now: now),
                                       .init(title: "", csrf: "x", isManager: false, newRequestId: { "r" }))
        #expect(html.contains("<select name=\"to\" required><option value=\"\" selected disabled>"), "\(html)")
        #expect(!html.contains("<option value=\"A\" selected"))
    }

    @Test func namesFromPeopleAreShownNeverRun() {
        let (state, today, now) = hall([.signIn(counter: 1, clerk: "<script>alert(1)</script>"), .pause(counter: 1, reason: "\"><img src=x>")])
        let html = ConsolePage.live(ConsoleModel(state: state, today: today, counter: 1, clerk: nil, now: now))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(!html.contains("<img") && html.contains("&quot;&gt;&lt;img"))
    }

    @Test func theDashboardCountsTodayWithTheReportCode() {
        let (state, today, now) = hall([.issue(service: "A", priority: .normal), .issue(service: "A", priority: .normal), .issue(service: "G", priority: .normal),
                                         .signIn(counter: 1, clerk: "An"), .callNext(counter: 1), .start(counter: 1), .finish(counter: 1),
                                         .callNext(counter: 1), .noShow(counter: 1)], step: 120)
        let model = DashboardModel(state: state, today: today, now: now)
        #expect(model.report.total.served == 1 && model.report.total.noShow == 1 && model.report.total.issued == 3)
        #expect(model.waitingTotal == 1)
        let a = model.services.first { $0.service.id == "A" }!
        #expect(a.waiting == 0 && a.staffed == 1 && a.estimatedWait == 0)
        let g = model.services.first { $0.service.id == "G" }!
        #expect(g.waiting == 1 && g.estimatedWait == nil)
        #expect(DashboardPage.live(model).contains("no counter open"))
    }

    @Test func aServerSentEventCarriesEveryLineOfTheFragment() {
        #expect(WebConsole.sse(event: "live", data: "<a>\n<b>\r\n") == "event: live\ndata: <a>\ndata: <b>\ndata: \n\n")
        #expect(WebConsole.sse(event: "live", data: "x\ry") == "event: live\ndata: x\ndata: y\n\n")
    }

    @Test func textFromAPersonIsEscapedWhateverFollowsTheMarkup() {
        #expect(QueueReports.HTML.escape("Bùi <b>\"Hùng\"</b> & 'Lan'") == "Bùi &lt;b&gt;&quot;Hùng&quot;&lt;/b&gt; &amp; &#39;Lan&#39;")
        // A combining mark after "<" makes one Character of the two; the "<" is escaped all the same.
        #expect(QueueReports.HTML.escape("<\u{301}script>") == "&lt;\u{301}script&gt;")
        #expect(QueueReports.HTML.escape("Trần Thị Mai") == "Trần Thị Mai")
    }

    @Test func formsAreReadWhateverTheyHoldWithoutCrashing() {
        #expect(Form(urlEncoded: "clerk=Nguy%E1%BB%85n+V%C4%83n+An&pin=1234")["clerk"] == "Nguyễn Văn An")
        #expect(Form(urlEncoded: "a=%ZZ&&=x&b")["a"] == "%ZZ")
        #expect(Form(urlEncoded: "a=%ZZ&&=x&b")["b"] == "")
        #expect(Form(urlEncoded: String(repeating: "&", count: 1000)).text("x") == nil)
        #expect(WebConsole.isDay("2026-11-30") && !WebConsole.isDay("2026-02-30") && !WebConsole.isDay("26-11-30"))
        #expect(PinHash.isWellFormed("004200") && !PinHash.isWellFormed("1234") && !PinHash.isWellFormed("１２３４５６"))
        #expect(PinHash.canSignIn("0042") && !PinHash.canSignIn("123"))
    }
}
