import Foundation
import Hummingbird
import QueueCore
import QueueServer
@testable import QueueWeb
import Testing

/// The clerk console over HTTP, in process: every button goes to the coordinator's writer as
/// the signed-in device or PIN, and every refusal reads as a sentence on the page.
@Suite(.serialized) struct ConsoleEndpointTests {
    @Test func noPageOrActionWorksWithoutASession() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            for path in ["/counter", "/manager", "/manager/reports", "/manager/devices", "/manager/report?day=2026-11-30&format=csv"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther && page.location == "/login", "\(path)")
            }
            let events = try await browser.get("/events?view=manager")
            #expect(events.status == .unauthorized)
            let action = try await browser.post("/counter/action", [("counter", "1"), ("op", "next"), ("rid", "x")], json: true)
            #expect(action.status == .unauthorized && action.body.contains("hết hạn"))
            browser.cookies["queue_session"] = "made-up"
            let expired = try await browser.get("/counter")
            #expect(expired.location == "/login?expired=1")
            let login = try await browser.get("/login?expired=1")
            #expect(login.body.contains("Phiên đăng nhập đã hết hạn"))
        }
    }

    @Test func aClerkSignsInWithAPINAndNextCallsATicketRecordedAsThePIN() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let a1 = await hall.issue("A")
            let manager = Browser(client: browser.client)
            #expect(try await manager.signIn(key: hall.managerKey).location == "/manager")
            let devices = try await manager.get("/manager/devices")
            let added = try await manager.post("/manager/pins/add", [("csrf", devices.field("csrf")!), ("rid", "pin-1"),
                                                                      ("clerk", "Nguyễn Văn An"), ("counter", "1"), ("pin", "246810")])
            #expect(added.location == "/manager/devices")
            #expect(try await manager.get("/manager/devices").body.contains("Đã tạo PIN cho Nguyễn Văn An"))

            let signedIn = try await browser.signIn(counter: 1, pin: "246810")
            #expect(signedIn.location == "/counter")
            #expect(browser.cookies["queue_session"] != nil)
            let console = try await browser.get("/counter")
            #expect(console.body.contains("Chào Nguyễn Văn An"))
            #expect(await hall.state().counters[1]?.clerk == "Nguyễn Văn An")

            let next = try await browser.press("next", counter: 1)
            #expect(next.status == .ok && next.body.contains("Đã gọi \(a1)"))
            let state = await hall.state()
            #expect(state.counters[1]?.ticket.flatMap { state.tickets[$0]?.label } == a1)
            #expect(try hall.actors()["called"] == "pin:1")
            #expect(try hall.actors()["signed-in"] == "pin:1")
        }
    }

    /// Issue 14's shift hand-over: a second clerk signs in by PIN while the first one's citizen
    /// is at the counter. The console then says the new clerk everywhere (header, counter, pace),
    /// no refusal, and marks the citizen at the counter as the first clerk's dossier.
    @Test func aClerkTakingOverABusyCounterSeesHerOwnConsole() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let a1 = await hall.issue("A")
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "Trần Thị Bình")))
            _ = await hall.perform(.command(.callNext(counter: 1)))
            let manager = Browser(client: browser.client)
            _ = try await manager.signIn(key: hall.managerKey)
            let devices = try await manager.get("/manager/devices")
            _ = try await manager.post("/manager/pins/add", [("csrf", devices.field("csrf")!), ("rid", "pin-1"),
                                                               ("clerk", "Nguyễn Văn An"), ("counter", "1"), ("pin", "246810")])
            #expect(try await browser.signIn(counter: 1, pin: "246810").location == "/counter")
            let console = try await browser.get("/counter")
            #expect(console.body.contains("đã nhận ca từ Trần Thị Bình"), "the hand-over is said, not refused")
            #expect(console.body.contains("Số \(a1) đang ở quầy vẫn tính cho Trần Thị Bình"))
            #expect(console.body.contains("Cán bộ <span class=\"en\" lang=\"en\">clerk</span>: <b>Nguyễn Văn An</b>"))
            #expect(console.body.contains("Hồ sơ của Trần Thị Bình (trước khi nhận ca)"))
            #expect(console.body.contains("notice error") == false)
            #expect(await hall.state().counters[1]?.clerk == "Nguyễn Văn An")
        }
    }

    @Test func aDoubleTapWithTheSameRequestIdCallsOnce() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = await hall.issue("A")
            _ = await hall.issue("A")
            let key = await hall.addDevice("counter-1", .counter, counter: 1)
            _ = try await browser.signIn(key: key)
            _ = try await browser.press("sign-in", counter: 1, fields: [("clerk", "Lê Thị Hoa")])
            let first = try await browser.press("next", counter: 1, rid: "tap-1")
            _ = try await browser.press("finish", counter: 1)  // refused: called, not serving
            let second = try await browser.press("next", counter: 1, rid: "tap-1")
            #expect(first.body == second.body)
            let calls = try hall.coordinator.reader.events(after: 0).filter { $0.kind == .called }
            #expect(calls.count == 1 && calls[0].device == "counter-1")
        }
    }

    @Test func refusalsReadAsSentencesAndChangeNothing() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let key = await hall.addDevice("counter-2", .counter, counter: 2)
            _ = try await browser.signIn(key: key)
            let closed = try await browser.press("next", counter: 2)
            #expect(closed.status == .conflict && closed.body.contains("chưa có cán bộ"))
            _ = try await browser.press("sign-in", counter: 2, fields: [("clerk", "Trần Thị Bình")])
            let empty = try await browser.press("next", counter: 2)
            #expect(empty.body.contains("Không còn ai đang chờ"))
            let unknown = try await browser.press("call", counter: 2, fields: [("ticket", "z999")])
            #expect(unknown.body.contains("Không có số này"))
            let blank = try await browser.press("pause", counter: 2, fields: [("reason", "   ")])
            #expect(blank.body.contains("lý do"))
            let otherCounter = try await browser.press("next", counter: 1)
            #expect(otherCounter.body.contains("không được phép"))
            let nonsense = try await browser.press("explode", counter: 2)
            #expect(nonsense.body.contains("Biểu mẫu"))
            let page = try await browser.get("/counter")
            let noCounter = try await browser.post("/counter/action", [("csrf", page.field("csrf")!), ("op", "next")], json: true)
            #expect(noCounter.status == .conflict)
            let seq = await hall.state().seq
            let forged = try await browser.post("/counter/action", [("csrf", "forged"), ("rid", "r"), ("counter", "2"), ("op", "resume")], json: true)
            #expect(forged.status == .forbidden && forged.body.contains("tải lại trang"))
            #expect(await hall.state().seq == seq)
        }
    }

    @Test func manyAddressesTogetherGetAtMostThirtyGuessesAnHourPerCounter() {
        var budget = PinGuessBudget()
        let start = Date(timeIntervalSince1970: 0)
        var guesses = 0
        var t = start
        while t < start + 3600 {
            if budget.wait(2, now: t) == 0 { budget.spend(2, now: t); guesses += 1 }
            t += 1 // a guess a second from a thousand addresses: the counter's budget is shared
        }
        #expect(guesses <= 30 && guesses >= 29, "\(guesses)")
        #expect(budget.wait(3, now: t) == 0, "another counter is not affected")
        // What the dashboard shows: five wrong PINs at counter 2 use up its guesses until the
        // first is forgiven (144 s); after 12 minutes all are.
        var fresh = PinGuessBudget()
        for _ in 1...5 { fresh.spend(2, now: start) }
        #expect(fresh.alerts(now: start) == [2: .init(wrong: 5, pausedUntil: start + 144)])
        #expect(fresh.alerts(now: start + 150) == [2: .init(wrong: 4, pausedUntil: nil)])
        #expect(fresh.alerts(now: start + 720).isEmpty)
        // When the dashboard must be drawn again: at each forgiveness, none after the last.
        for (at, next) in [(0.0, 144.0), (100, 44), (700, 20)] {
            #expect(abs(fresh.nextChange(now: start + at)! - next) < 0.001, "at +\(at) s")
        }
        #expect(fresh.nextChange(now: start + 720) == nil)
        #expect(PinGuessBudget().nextChange(now: start) == nil)
    }

    /// The first signal an open page gets within `limit`; nil if none came.
    static func firstSignal(_ signals: AsyncStream<LiveHall.Signal>, within limit: Duration) async -> LiveHall.Signal? {
        await withTaskGroup(of: LiveHall.Signal?.self) { group in
            group.addTask { var it = signals.makeAsyncIterator(); return await it.next() }
            group.addTask { try? await Task.sleep(for: limit); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func aWrongPINIsRefusedAndTheSixthTryInAMinuteWaits() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            // An open dashboard is told to draw itself again at a wrong PIN (after the opening's own
            // redraw has passed, so only the PIN can signal).
            try await Task.sleep(for: .milliseconds(300))
            let signals = hall.web.live.listen(heartbeat: .seconds(600))
            for _ in 1...5 {
                let wrong = try await browser.signIn(counter: 3, pin: "000000")
                #expect(wrong.status == .unauthorized && wrong.body.contains("Mã PIN hoặc quầy không đúng"))
            }
            let signal = await Self.firstSignal(signals, within: .seconds(2))
            #expect(signal == .changed, "the dashboard was not told of the wrong PINs")
            let locked = try await browser.signIn(counter: 3, pin: "000000")
            #expect(locked.status == .tooManyRequests && locked.body.contains("đợi vài phút"))
            let malformed = try await browser.signIn(counter: 3, pin: "12ab")
            #expect(malformed.status == .badRequest && malformed.body.contains("6 đến 8 chữ số"))
            let stale = try await browser.post("/login/pin", [("login", "old"), ("counter", "3"), ("pin", "1234")])
            #expect(stale.status == .forbidden)
            #expect(browser.cookies["queue_session"] == nil)
            // The manager sees it on the dashboard, at that counter and no other.
            _ = try await browser.signIn(key: hall.managerKey)
            let dashboard = try await browser.get("/manager")
            #expect(dashboard.body.contains("5 lần nhập sai mã PIN gần đây; tạm khoá đăng nhập bằng PIN đến"), "\(dashboard.body.prefix(300))")
            #expect(dashboard.body.contains("5 wrong PINs lately; PIN sign-in paused until"))
            #expect(dashboard.body.components(separatedBy: "class=\"pin-alert\"").count == 2)
        }
    }

    /// The alert leaves the dashboard by itself when the wrong PIN is forgiven (here after 1 s),
    /// with no other change in the hall to redraw it.
    @Test func thePinAlertLeavesTheOpenDashboardWhenTheWrongPINIsForgiven() async throws {
        let hall = try WebHarness()
        hall.web.guesses.withLockedValue { $0 = PinGuessBudget(burst: 5, refill: 1) }
        try await hall.run { manager in
            _ = try await manager.signIn(key: hall.managerKey)
            let stranger = Browser(client: manager.client)
            #expect(try await stranger.signIn(counter: 2, pin: "000000").status == .unauthorized)
            // Listening from after the wrong PIN's own redraw: only the forgiveness can signal.
            let signals = hall.web.live.listen(heartbeat: .seconds(600))
            #expect(try await manager.get("/manager").body.contains("class=\"pin-alert\""))
            // Told to redraw, the dashboard is clean. (Another commit may signal first, e.g. the hall's
            // day opening when the suite runs late in the evening: each signal is looked at.)
            var cleared = false
            for _ in 0..<5 where !cleared {
                guard await Self.firstSignal(signals, within: .seconds(3)) == .changed else { break }
                cleared = !(try await manager.get("/manager").body.contains("class=\"pin-alert\""))
            }
            #expect(cleared, "the dashboard was not told when the wrong PIN was forgiven, or the alert outlived it")
        }
    }

    @Test func kioskAndDisplayKeysDoNotOpenThePagesAndAForgedMACIsRefused() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let kiosk = await hall.addDevice("kiosk-1", .kiosk)
            let page = try await browser.signIn(key: kiosk)
            #expect(page.status == .forbidden && page.body.contains("dành cho quầy và quản lý"))
            var forged = hall.managerKey
            forged.key = Data(repeating: 7, count: 32).base64EncodedString()
            let refused = try await browser.signIn(key: forged)
            #expect(refused.status == .unauthorized && browser.cookies["queue_session"] == nil)
        }
    }

    @Test func revokingADeviceEndsItsWebSession() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let key = await hall.addDevice("counter-4", .counter, counter: 4)
            _ = try await browser.signIn(key: key)
            #expect(try await browser.get("/counter").status == .ok)
            let manager = Browser(client: browser.client)
            _ = try await manager.signIn(key: hall.managerKey)
            let devices = try await manager.get("/manager/devices")
            _ = try await manager.post("/manager/devices/revoke", [("csrf", devices.field("csrf")!), ("rid", "rv"), ("name", "counter-4")])
            #expect(try await manager.get("/manager/devices").body.contains("Đã thu hồi khóa counter-4"))
            #expect(try await browser.get("/counter").location == "/login?expired=1")
        }
    }

    @Test func theWebsCopyOfTheHallEqualsTheCoordinatorsState() async throws {
        let hall = try WebHarness()
        try await hall.run { _ in
            for service in ["A", "B", "A"] { _ = await hall.issue(service) }
            _ = await hall.perform(.command(.signIn(counter: 2, clerk: "Trần Thị Bình")))
            _ = await hall.perform(.command(.callNext(counter: 2)))
            _ = await hall.perform(.command(.start(counter: 2)))
            let state = await hall.state()
            var view = await hall.web.live.view()
            for _ in 0..<200 where view?.state.seq != state.seq {
                try await Task.sleep(for: .milliseconds(10))
                view = await hall.web.live.view()
            }
            #expect(view?.state == state)
            #expect(view?.today.count == 3)
        }
    }
}
