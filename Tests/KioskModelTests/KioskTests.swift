import Drawing
import Foundation
import KioskModel
import QueueConfig
import QueueCore
import Testing

/// A kiosk beside a hall driven through the real domain, the way the app wires them.
struct Lobby {
    var hall = HallState(config: HallConfigLoader.defaultHall())
    var kiosk = Kiosk()
    static let eight = Date(timeIntervalSince1970: 1_796_000_400) // Mon 2026-11-30 08:00 Hanoi
    /// Every tap in these tests happens at eight; its deadline stays the same on every resend.
    static let tapDeadline = eight + 10
    var now = Lobby.eight
    var effects: [Kiosk.Effect] = []

    init(settings: Kiosk.Settings = Kiosk.Settings()) {
        kiosk = Kiosk(settings: settings)
        for c in [1, 2, 4] { run(.signIn(counter: c, clerk: "c\(c)")) }
        feed(.snapshot(hall, hallNow: now))
    }

    @discardableResult
    mutating func run(_ command: Command) -> [Event] {
        try! hall.perform(command, by: "t", at: now).get()
    }

    mutating func feed(_ input: Kiosk.Input) {
        let (next, e) = kiosk.update(input, now: now)
        kiosk = next
        effects += e.filter { $0 != .redraw }
    }

    /// What the coordinator does with an issue effect: commits it, and the kiosk hears back.
    mutating func acknowledge(_ effect: Kiosk.Effect) -> Ticket {
        guard case .issue(let rid, let service, let priority, _) = effect else { fatalError() }
        let ticket = run(.issue(service: service, priority: priority)).last!.ticket!
        feed(.event(Event(seq: hall.seq, at: now, kind: .issued, device: "kiosk", ticket: ticket), hall))
        let ahead = hall.ahead(of: ticket)
        feed(.issued(requestId: rid, ticket: ticket, ahead: ahead, estimate: hall.estimatedWait(service, ahead: ahead)))
        return ticket
    }

    var issues: [Kiosk.Effect] { effects.filter { if case .issue = $0 { return true } else { return false } } }
}

@Suite struct KioskTests {
    @Test func aTapIssuesATicketShowsItAndPrintsIt() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        #expect(lobby.issues == [.issue(requestId: "tap-1", service: "A", priority: .normal, deadline: Lobby.tapDeadline)])
        let ticket = lobby.acknowledge(lobby.issues[0])
        guard case .ticket(let slip) = lobby.kiosk.screen else { Issue.record("no ticket screen"); return }
        #expect(slip.ticket == ticket && slip.serviceVi == "Đất đai" && slip.ahead == 0)
        #expect(lobby.effects.contains(.print(slip)))
        #expect(slip.qrText == "HALLQUEUE:1;2026-11-30;A001;\(ticket.id)")
    }

    @Test func aDoubleTapIssuesOneTicket() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        lobby.feed(.tapService("A", requestId: "tap-2"))
        lobby.feed(.tapService("B", requestId: "tap-3"))
        #expect(lobby.issues.count == 1)
        _ = lobby.acknowledge(lobby.issues[0])
        lobby.feed(.tapService("A", requestId: "tap-4")) // on the ticket screen: not an issue
        #expect(lobby.issues.count == 1)
        #expect(lobby.hall.waiting(service: "A").count == 1)
    }

    @Test func aLostAcknowledgementIsRetriedWithTheSameRequestId() {
        var lobby = Lobby()
        lobby.feed(.tapService("C", requestId: "tap-1"))
        lobby.feed(.issueFailed(requestId: "tap-1", code: .connectionLost, message: "lost"))
        lobby.feed(.connection(false))
        #expect(lobby.kiosk.pending?.requestId == "tap-1")
        lobby.now += 1
        lobby.feed(.connection(true))
        #expect(lobby.issues == [.issue(requestId: "tap-1", service: "C", priority: .normal, deadline: Lobby.tapDeadline),
                                 .issue(requestId: "tap-1", service: "C", priority: .normal, deadline: Lobby.tapDeadline)])
        _ = lobby.acknowledge(lobby.issues[1])
        if case .ticket = lobby.kiosk.screen {} else { Issue.record("the retried ticket is not shown") }
    }

    @Test func aStorageErrorOnALiveConnectionIsRetriedWithTheSameIdAndTheTicketShown() {
        var lobby = Lobby()
        lobby.feed(.tapService("B", requestId: "tap-1"))
        lobby.feed(.issueFailed(requestId: "tap-1", code: .storage, message: "disk"))
        lobby.now += 1
        lobby.feed(.tick)
        #expect(lobby.issues.count == 1)
        lobby.now += 1.5
        lobby.feed(.tick)
        #expect(lobby.issues == [.issue(requestId: "tap-1", service: "B", priority: .normal, deadline: Lobby.tapDeadline),
                                 .issue(requestId: "tap-1", service: "B", priority: .normal, deadline: Lobby.tapDeadline)])
        lobby.now += 3 // past the 5 s limit: out of service while it keeps trying
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .outOfService(Words.coordinatorGone))
        _ = lobby.acknowledge(lobby.issues.last!)
        if case .ticket = lobby.kiosk.screen {} else { Issue.record("the ticket must be shown once acknowledged") }
    }

    @Test func aLateRefusalLeavesOutOfService() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        lobby.now += 6
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .outOfService(Words.coordinatorGone))
        lobby.feed(.issueFailed(requestId: "tap-1", code: .numbersExhausted, message: "Service A has given out all its numbers."))
        #expect(lobby.kiosk.screen == .home)
        #expect(lobby.kiosk.message == Words.refused(.numbersExhausted), "a citizen reads the refusal in both languages")
    }

    @Test func aRefusalIsShownAndNothingIsPending() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        lobby.feed(.issueFailed(requestId: "tap-1", code: .numbersExhausted, message: "Service A has given out all its numbers for today."))
        #expect(lobby.kiosk.pending == nil && lobby.kiosk.screen == .home)
        #expect(lobby.kiosk.message == Words.refused(.numbersExhausted))
    }

    @Test func aPrinterFailureShowsTheTicketOnScreenWithAMessage() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        _ = lobby.acknowledge(lobby.issues[0])
        lobby.feed(.printed(requestId: "tap-1", problem: "Máy in hết giấy · Printer out of paper"))
        if case .ticket = lobby.kiosk.screen {} else { Issue.record("the ticket must stay on screen") }
        #expect(lobby.kiosk.message?.contains("Vui lòng ghi nhớ số thứ tự") == true)
        // Policy "screen": the kiosk keeps issuing.
        lobby.now += 20
        lobby.feed(.tick)
        lobby.feed(.tapService("B", requestId: "tap-2"))
        #expect(lobby.issues.count == 2)
    }

    @Test func withTheOutOfServicePolicyABrokenPrinterStopsIssuing() {
        var lobby = Lobby(settings: Kiosk.Settings(printerPolicy: .outOfService))
        lobby.feed(.printerStatus("Máy in hết giấy · Printer out of paper"))
        #expect(lobby.kiosk.screen == .outOfService("Máy in hết giấy · Printer out of paper"))
        lobby.feed(.tapService("A", requestId: "tap-1"))
        #expect(lobby.issues.isEmpty)
        lobby.feed(.printerStatus(nil))
        #expect(lobby.kiosk.screen == .home)
    }

    @Test func whenTheCoordinatorGoesAwayTheKioskGoesOutOfServiceAndComesBack() {
        var lobby = Lobby()
        lobby.feed(.connection(false))
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .home) // a short blip is not shown
        lobby.now += Kiosk.offlineGrace
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .outOfService(Words.coordinatorGone))
        lobby.feed(.tapService("A", requestId: "tap-1"))
        #expect(lobby.issues.isEmpty, "it never issues a ticket that is not recorded")
        lobby.feed(.connection(true))
        #expect(lobby.kiosk.screen == .home)
    }

    @Test func aServiceThatCannotBeReachedTodaySaysComeBackTomorrow() {
        var lobby = Lobby()
        lobby.now = Date(timeIntervalSince1970: 1_796_000_400 + 8.5 * 3600) // 16:30, closes at 17:00
        for _ in 0..<4 { lobby.run(.issue(service: "A", priority: .normal)) }
        lobby.feed(.snapshot(lobby.hall, hallNow: lobby.now))
        lobby.feed(.tapService("A", requestId: "tap-1"))
        #expect(lobby.kiosk.screen == .closed(service: "A", reason: .full))
        #expect(lobby.issues.isEmpty)
        lobby.feed(.tapService("E", requestId: "tap-2"))
        lobby.feed(.tapScreen)
        #expect(lobby.kiosk.screen == .home)
        lobby.feed(.tapService("E", requestId: "tap-3"))
        #expect(lobby.kiosk.screen == .closed(service: "E", reason: .noCounter))
    }

    /// The closed screens say when to come back, from the hall's opening hours (the sample hall:
    /// Monday to Friday 07:30–11:30 and 13:30–17:00, Saturday morning).
    @Test func closedScreensSayWhenTheHallOpensAgain() {
        func words(_ reason: Kiosk.ClosedReason, at hallTime: Date, _ language: Kiosk.Language = .vi, closed: Set<String> = []) -> [String] {
            var lobby = Lobby()
            lobby.hall.config.hall.hours.closedDays = closed
            lobby.now = hallTime
            lobby.feed(.snapshot(lobby.hall, hallNow: hallTime))
            lobby.kiosk.language = language
            lobby.kiosk.screen = .closed(service: "A", reason: reason)
            return KioskLayout(measurer: KioskLayoutTests.Fake(), width: 1920, height: 1080).draw(lobby.kiosk, now: hallTime).commands.compactMap {
                if case .text(let t) = $0 { return t.text } else { return nil }
            }
        }
        let monday = Lobby.eight - 8 * 3600 // Monday 00:00 in Hanoi
        #expect(words(.hallClosed, at: monday + 12 * 3600).contains("Mở cửa lại lúc 13:30"))        // lunch
        #expect(words(.hallClosed, at: monday + 12 * 3600, .en).contains("Opens again at 13:30"))
        #expect(words(.hallClosed, at: monday + 18 * 3600).contains("Mở cửa lại ngày mai lúc 07:30")) // evening
        #expect(words(.full, at: monday + 16.5 * 3600).contains("Xin mời quay lại ngày mai từ 07:30"))
        let saturdayNoon = monday + 5 * 86_400 + 12 * 3600
        #expect(words(.hallClosed, at: saturdayNoon).contains("Mở cửa lại thứ Hai lúc 07:30"))
        #expect(words(.full, at: saturdayNoon - 3600, .en).contains("Please come back on Monday from 07:30"))
        // Closed from Tuesday 1 to Tuesday 8 December (Tết-like): the next opening is Wednesday the 9th,
        // with its date, as "thứ Tư" alone would read as the coming Wednesday.
        let closed = Set((1...8).map { String(format: "2026-12-%02d", $0) })
        #expect(words(.hallClosed, at: monday + 18 * 3600, closed: closed).contains("Mở cửa lại thứ Tư 9/12 lúc 07:30"))
        #expect(words(.full, at: monday + 16.5 * 3600, .en, closed: closed).contains("Please come back on Wednesday 9 Dec from 07:30"))
    }

    /// Issue 14: at lunch, at closing time and when a queue is full, the tiles on home say when
    /// to come back, not only that they take nobody now.
    @Test func theHomeTilesSayWhenToComeBack() {
        func tiles(at hallTime: Date) -> String {
            var lobby = Lobby()
            lobby.now = hallTime
            lobby.feed(.snapshot(lobby.hall, hallNow: hallTime))
            return KioskLayout(measurer: KioskLayoutTests.Fake(), width: 1920, height: 1080).draw(lobby.kiosk, now: hallTime).commands.compactMap {
                if case .text(let t) = $0 { return t.text } else { return nil }
            }.joined(separator: " ")
        }
        let monday = Lobby.eight - 8 * 3600 // Monday 00:00 in Hanoi
        #expect(tiles(at: monday + 12 * 3600).contains("Mở cửa lại lúc 13:30"))
        #expect(tiles(at: monday + 16 * 3600 + 59 * 60).contains("Hết lượt hôm nay · Xin mời quay lại ngày mai từ 07:30"))
    }

    @Test func aTapThatReachedTheCoordinatorTooLateSaysSoAndIssuesNothing() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        lobby.now += 60 // a frozen coordinator answers a minute later: past the deadline
        lobby.feed(.issueFailed(requestId: "tap-1", code: .expired, message: "late"))
        #expect(lobby.kiosk.pending == nil)
        #expect(lobby.kiosk.screen == .home)
        #expect(lobby.kiosk.message == Words.tapExpired)
        lobby.now += 3
        lobby.feed(.tick)
        #expect(lobby.issues.count == 1, "an expired tap is not sent again")
    }

    @Test func aPriorityTapIssuesAPriorityTicketOnce() {
        var lobby = Lobby()
        lobby.feed(.tapPriority)
        lobby.feed(.tapService("D", requestId: "tap-1"))
        #expect(lobby.issues == [.issue(requestId: "tap-1", service: "D", priority: .priority, deadline: Lobby.tapDeadline)])
        _ = lobby.acknowledge(lobby.issues[0])
        #expect(!lobby.kiosk.priority)
    }

    @Test func theTicketScreenReturnsHomeByItself() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "tap-1"))
        _ = lobby.acknowledge(lobby.issues[0])
        lobby.now += 11
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen != .home)
        lobby.now += 2
        lobby.feed(.tick)
        #expect(lobby.kiosk.screen == .home)
    }
}

@Suite struct KioskLayoutTests {
    struct Fake: TextMeasurer {
        func measure(_ text: String, size: Int, bold: Bool) -> (w: Int, h: Int) { (Int(Double(text.count * size) * 0.58), Int(Double(size) * 1.3)) }
    }

    @Test(arguments: [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (1080, 1920), (480, 800)])
    func everyScreenFitsAndEveryServiceHasAButton(_ size: (Int, Int)) {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "t"))
        _ = lobby.acknowledge(lobby.issues[0])
        let slipScreen = lobby.kiosk.screen
        for language in [Kiosk.Language.vi, .en] {
            for screen in [Kiosk.Screen.home, slipScreen, .closed(service: "F", reason: .full), .outOfService(Words.coordinatorGone)] {
                var k = lobby.kiosk
                k.language = language
                k.screen = screen
                let picture = KioskLayout(measurer: Fake(), width: size.0, height: size.1).draw(k, now: lobby.now)
                for case .text(let t) in picture.commands {
                    let m = Fake().measure(t.text, size: t.size, bold: t.bold)
                    #expect(t.x >= 0 && t.x + m.w <= size.0 && t.y >= 0 && t.y + m.h <= size.1, "\(t.text) off a \(size.0)×\(size.1) screen")
                }
                if screen == .home {
                    let services = picture.buttons.compactMap { if case .service(let id) = $0.0 { return id } else { return nil } }
                    #expect(services == lobby.hall.config.services.map(\.id))
                    #expect(picture.buttons.allSatisfy { $0.1.w >= 60 && $0.1.h >= 40 }, "buttons big enough for a finger")
                }
            }
        }
    }

    /// Issue 14: the service names on home are one size, every one whole (wrapped, never cut),
    /// at every screen size and in both languages.
    @Test(arguments: [(800, 480), (1920, 1080), (1080, 1920)])
    func everyServiceNameIsWholeAndTheSameSize(_ size: (Int, Int)) {
        let lobby = Lobby()
        for language in [Kiosk.Language.vi, .en] {
            var k = lobby.kiosk
            k.language = language
            let runs = KioskLayout(measurer: Fake(), width: size.0, height: size.1).draw(k, now: lobby.now).commands.compactMap {
                if case .text(let run) = $0 { return run } else { return nil }
            }
            let names = lobby.hall.config.services.map { language == .vi ? $0.nameVi : $0.nameEn }
            var sizes = Set<Int>()
            for name in names {
                // A name's runs: the lines it wrapped onto, in order, bold.
                let words = name.split(separator: " ").map(String.init)
                let lines = runs.filter { $0.bold && !$0.text.contains("…") && name.contains($0.text) && words.contains(String($0.text.split(separator: " ").first ?? "")) }
                #expect(lines.map(\.text).joined(separator: " ").contains(name), "\(name) whole at \(size.0)×\(size.1): \(lines.map(\.text))")
                sizes.formUnion(lines.map(\.size))
            }
            #expect(sizes.count == 1, "one size for every name at \(size.0)×\(size.1) (\(language)): \(sizes.sorted())")
        }
    }

    /// Issue 14: the ticket screen asks the citizen to take the ticket and names the counters open
    /// for the service now; in English the hall's English name heads the screen.
    @Test func theTicketScreenSaysTakeYourTicketAndWhichCountersServeIt() {
        var lobby = Lobby()
        lobby.feed(.tapService("A", requestId: "t"))
        _ = lobby.acknowledge(lobby.issues[0])
        func texts(_ k: Kiosk) -> [String] {
            KioskLayout(measurer: Fake(), width: 1920, height: 1080).draw(k, now: lobby.now).commands.compactMap {
                if case .text(let run) = $0 { return run.text } else { return nil }
            }
        }
        let open = lobby.hall.config.counters.filter { $0.services.contains("A") && lobby.hall.counters[$0.number]?.status == .open }.map(\.number)
        #expect(!open.isEmpty)
        let vi = texts(lobby.kiosk).joined(separator: "\n")
        #expect(vi.contains("Quầy phục vụ: \(open.map(String.init).joined(separator: ", "))"), "\(vi)")
        #expect(vi.contains("Xin mời nhận phiếu"))
        var english = lobby.kiosk
        english.language = .en
        let en = texts(english).joined(separator: "\n")
        #expect(en.contains("Please take your ticket") && en.contains("Ba Dinh Ward"), "\(en)")
        #expect(!vi.contains("Ba Dinh Ward"))
    }

    @Test func aTapFindsTheButtonUnderIt() {
        let lobby = Lobby()
        let picture = KioskLayout(measurer: Fake(), width: 1920, height: 1080).draw(lobby.kiosk, now: lobby.now)
        let (_, rect) = picture.buttons.first { $0.0 == .service("C") }!
        #expect(picture.button(at: rect.x + rect.w / 2, rect.y + rect.h / 2) == .service("C"))
        #expect(picture.button(at: 0, 1079) == nil)
    }
}
