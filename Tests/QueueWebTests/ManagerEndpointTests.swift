import DeviceKeys
import Foundation
import Hummingbird
import QueueCore
import QueueReports
import QueueServer
import QueueWeb
import QueueWire
import Testing

/// The manager's pages over HTTP, in process.
@Suite(.serialized) struct ManagerEndpointTests {
    @Test func theDashboardShowsTodaysFiguresAgainstTheTargets() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            for service in ["A", "A", "C"] { _ = await hall.issue(service) }
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "Nguyễn Văn An")))
            _ = await hall.perform(.command(.callNext(counter: 1)))
            _ = await hall.perform(.advanceClock(300))
            _ = await hall.perform(.command(.start(counter: 1)))
            _ = await hall.perform(.command(.finish(counter: 1)))
            #expect(try await browser.signIn(key: hall.managerKey).location == "/manager")
            let page = try await browser.get("/manager")
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"fig-served\"><div class=\"label\">Đã phục vụ"))
            #expect(page.body.contains("<div class=\"value\">1</div>"))          // served
            #expect(page.body.contains("<div class=\"value\">2</div>"))          // waiting
            #expect(page.body.contains("<td class=\"num queue\">1</td>"))       // A: one left
            #expect(page.body.contains("Nguyễn Văn An"))
            // A counter page for the manager: any counter, by number.
            #expect(try await browser.get("/counter?n=4").body.contains("Quầy 4"))
            #expect(try await browser.get("/counter?n=99").status == .badRequest)
        }
    }

    @Test func aDaysReportIsTheSameFileQueueReportsRenders() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = await hall.issue("A")
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "An")))
            _ = await hall.perform(.command(.callNext(counter: 1)))
            _ = try await browser.signIn(key: hall.managerKey)
            let reports = try await browser.get("/manager/reports?day=2026-11-30")
            #expect(reports.body.contains("<iframe class=\"report\""))
            let csv = try await browser.get("/manager/report?day=2026-11-30&format=csv&download=1")
            let rows = try hall.coordinator.reader.tickets(from: "2026-11-30", to: "2026-11-30").map(ReportTicket.init)
            // The hall keeps ratings (none given yet).
            let report = HallReport.make(tickets: rows, config: hall.coordinator.hallConfig, from: "2026-11-30", to: "2026-11-30",
                                         context: ReportContext(ratings: []))
            #expect(csv.body == CSVReport.render(report))
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"bao-cao-2026-11-30.csv\"")
            let html = try await browser.get("/manager/report?day=2026-11-30&format=html")
            #expect(html.body == HTMLReport.render(report))
            let badDay = try await browser.get("/manager/report?day=2026-13-45&format=csv")
            #expect(badDay.status == .badRequest && badDay.body.contains("NNNN-TT-NN"))
            let badFormat = try await browser.get("/manager/report?day=2026-11-30&format=pdf")
            #expect(badFormat.status == .badRequest)
            let emptyDay = try await browser.get("/manager/reports?day=2026-11-01")
            #expect(emptyDay.body.contains("Không có số nào được ghi nhận"))
            // Any span, with the week, month and year a click away, and 15-minute intervals.
            #expect(reports.body.contains("from=2026-11-30&amp;to=2026-11-30") && reports.body.contains("Tháng này"))
            #expect(reports.body.contains("from=2026-11-01&amp;to=2026-11-30"))
            let week = try await browser.get("/manager/report?from=2026-11-30&to=2026-12-06&interval=15&format=csv")
            #expect(week.status == .ok && week.body.contains(",weekday,1,Thứ Hai · Mon,") && week.body.contains(",interval,08:00,08:00–08:15,"))
            let backwards = try await browser.get("/manager/report?from=2026-12-06&to=2026-11-30&format=csv")
            #expect(backwards.status == .badRequest)
        }
    }

    @Test func aNewDeviceKeyIsShownOnceAndWorks() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = try await browser.signIn(key: hall.managerKey)
            let devices = try await browser.get("/manager/devices")
            let form = [("csrf", devices.field("csrf")!), ("rid", "add-5"), ("name", "counter-5"), ("role", "counter"), ("counter", "5")]
            _ = try await browser.post("/manager/devices/add", form)
            let shown = try await browser.get("/manager/devices")
            #expect(shown.body.contains("id=\"new-key\""))
            let textarea = shown.body.components(separatedBy: "id=\"new-key-json\"")[1]
            let json = textarea[textarea.index(after: textarea.firstIndex(of: ">")!)...].components(separatedBy: "</textarea>")[0]
                .replacingOccurrences(of: "&quot;", with: "\"")
            let file = try JSONDecoder().decode(KeyFile.self, from: Data(json.utf8))
            #expect(file.device == "counter-5" && file.counter == 5 && file.keyData?.count == 32)
            #expect(try await browser.get("/manager/devices").body.contains("id=\"new-key\"") == false)
            // The same post again (a double tap) makes no second key and shows none.
            _ = try await browser.post("/manager/devices/add", form)
            #expect(try await browser.get("/manager/devices").body.contains("chỉ hiện một lần"))
            for _ in 0..<200 where hall.coordinator.activeDevice(named: "counter-5") == nil { try await Task.sleep(for: .milliseconds(5)) }
            let clerk = Browser(client: browser.client)
            #expect(try await clerk.signIn(key: file).location == "/counter")
            let bad = try await browser.post("/manager/devices/add", [("csrf", devices.field("csrf")!), ("rid", "add-x"), ("name", "bad name!"), ("role", "kiosk")])
            #expect(bad.location == "/manager/devices")
            #expect(try await browser.get("/manager/devices").body.contains("Tên thiết bị chỉ gồm"))
        }
    }

    @Test func aRevokedPINNoLongerSignsInAndEndsItsSession() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = try await browser.signIn(key: hall.managerKey)
            var devices = try await browser.get("/manager/devices")
            _ = try await browser.post("/manager/pins/add", [("csrf", devices.field("csrf")!), ("rid", "p1"), ("clerk", "Hoa"), ("counter", "2"), ("pin", "135791")])
            _ = try await browser.post("/manager/pins/add", [("csrf", devices.field("csrf")!), ("rid", "p2"), ("clerk", "Bình"), ("counter", "2"), ("pin", "135791")])
            #expect(try await browser.get("/manager/devices").body.contains("đã có một mã PIN như vậy"))
            let clerk = Browser(client: browser.client)
            #expect(try await clerk.signIn(counter: 2, pin: "135791").location == "/counter")
            #expect(try await clerk.signIn(counter: 3, pin: "135791").status == .unauthorized)
            devices = try await browser.get("/manager/devices")
            _ = try await browser.post("/manager/pins/revoke", [("csrf", devices.field("csrf")!), ("rid", "r1"), ("id", "1")])
            #expect(try await clerk.get("/counter").location == "/login?expired=1")
            #expect(try await clerk.signIn(counter: 2, pin: "135791").status == .unauthorized)
            #expect(try hall.coordinator.reader.clerkPins().map(\.clerk) == ["Hoa"])
        }
    }

    @Test func aCounterSessionCannotOpenTheManagersPages() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let key = await hall.addDevice("counter-6", .counter, counter: 6)
            _ = try await browser.signIn(key: key)
            for path in ["/manager", "/manager/devices", "/manager/report?day=2026-11-30&format=csv"] {
                #expect(try await browser.get(path).status == .forbidden, "\(path)")
            }
            #expect(try await browser.get("/events?view=manager").status == .forbidden)
            // A counter session's console is its own, whatever number it asks for.
            #expect(try await browser.get("/counter?n=1").body.contains("Quầy 6"))
        }
    }

    /// A citizen who gave up waited until they left, not until now: the live dashboard reads when
    /// each of today's tickets was cancelled, as the reports do.
    @Test func aCitizenWhoGaveUpCountsOnTheDashboardUntilTheyLeft() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let label = await hall.issue("A")
            _ = await hall.perform(.advanceClock(600))
            _ = await hall.perform(.command(.cancel(label: label)))
            _ = await hall.perform(.advanceClock(1_800))
            #expect(try await browser.signIn(key: hall.managerKey).location == "/manager")
            let page = try await browser.get("/manager")
            #expect(page.body.contains("all at least</span> 10:00"), "\(page.body.components(separatedBy: "fig-wait").dropFirst().first?.prefix(400) ?? "")")
            #expect(!page.body.contains("all at least</span> 40:00"))
        }
    }

    /// A paused counter says since when, on the dashboard (from the pause event).
    @Test func aPausedCounterSaysSinceWhen() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = await hall.perform(.command(.signIn(counter: 2, clerk: "Trần Thị Bình")))
            _ = await hall.perform(.advanceClock(300))
            _ = await hall.perform(.command(.pause(counter: 2, reason: "Nghỉ giải lao")))
            _ = await hall.perform(.advanceClock(600))
            #expect(try await browser.signIn(key: hall.managerKey).location == "/manager")
            let page = try await browser.get("/manager")
            #expect(page.body.contains("Nghỉ giải lao · từ <span class=\"en\" lang=\"en\">since</span> 08:05"), "\(page.body.components(separatedBy: "Nghỉ giải lao").dropFirst().first?.prefix(120) ?? "no reason shown")")
            _ = await hall.perform(.command(.resume(counter: 2)))
            #expect(try await !browser.get("/manager").body.contains("since</span> 08:05"))
        }
    }
}

extension ManagerEndpointTests {
    /// The manager's appointments page: a capacity, a booking whose code shows and works at a
    /// kiosk, a refused slot with its reason, and a cancel. The hall's clock is Monday
    /// 2026-11-30 08:00 (virtual).
    @Test func theManagerBooksAndCancelsAppointmentsFromTheDashboard() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            _ = try await browser.signIn(key: hall.managerKey)
            var page = try await browser.get("/manager/appointments")
            #expect(page.status == .ok && page.body.contains("Chưa dịch vụ nào nhận lịch hẹn"))
            _ = try await browser.post("/manager/appointments/capacity", [("csrf", page.field("csrf")!), ("rid", "cap-1"), ("service", "C"), ("per_slot", "1"), ("day", "2026-11-30")])
            page = try await browser.get("/manager/appointments?day=2026-11-30")
            #expect(page.body.contains("Dịch vụ C nhận 1 lịch hẹn mỗi 15 phút"))
            #expect(page.body.contains("<option value=\"C\">"))
            let booked = try await browser.post("/manager/appointments/book", [("csrf", page.field("csrf")!), ("rid", "b-1"), ("service", "C"), ("day", "2026-11-30"), ("time", "10:15")])
            #expect(booked.location == "/manager/appointments?day=2026-11-30")
            page = try await browser.get("/manager/appointments?day=2026-11-30")
            let code = try #require(page.body.firstMatch(of: /Mã lịch hẹn: (\d{6})/)?.1).description
            #expect(page.body.contains("<td class=\"code\">\(code)</td>"))
            _ = try await browser.post("/manager/appointments/book", [("csrf", page.field("csrf")!), ("rid", "b-2"), ("service", "C"), ("day", "2026-11-30"), ("time", "10:15")])
            page = try await browser.get("/manager/appointments?day=2026-11-30")
            #expect(page.body.contains("is full (1 booked)"), "the refusal says why")

            // The code works at a kiosk, then the list says who came.
            guard case .success(.issued(let issued)) = await hall.perform(.checkIn(code: code), as: DeviceIdentity(name: "kiosk-1", role: .kiosk)) else {
                Issue.record("the booked code did not check in"); return
            }
            page = try await browser.get("/manager/appointments?day=2026-11-30")
            #expect(page.body.contains("số <b>\(issued.ticket.label)</b>"))
            // The clerk's list at counter 4 (C first) says when the booked citizen is due.
            #expect(try await browser.get("/counter?n=4").body.contains("hẹn 10:15 <span class=\"en\" lang=\"en\">booked</span>"))

            let later = try await browser.post("/manager/appointments/book", [("csrf", page.field("csrf")!), ("rid", "b-3"), ("service", "C"), ("day", "2026-12-01"), ("time", "08:00")])
            #expect(later.location == "/manager/appointments?day=2026-12-01")
            page = try await browser.get("/manager/appointments?day=2026-12-01")
            let tomorrow = try #require(page.body.firstMatch(of: /Mã lịch hẹn: (\d{6})/)?.1).description
            _ = try await browser.post("/manager/appointments/cancel", [("csrf", page.field("csrf")!), ("rid", "x-1"), ("day", "2026-12-01"), ("code", tomorrow)])
            page = try await browser.get("/manager/appointments?day=2026-12-01")
            #expect(page.body.contains("Đã hủy lịch hẹn \(tomorrow)") && page.body.contains("Đã hủy <span"))
            #expect(try await browser.get("/manager/appointments?day=2026-02-30").body.contains("YYYY-MM-DD"))
            // A clerk signed in at a counter may neither see nor change them.
            guard case .success(let added) = await hall.perform(.addDevice(name: "counter-4", role: .counter, counter: 4)),
                  let secret = added.key.flatMap({ Data(base64Encoded: $0) }) else { Issue.record("no counter key"); return }
            for _ in 0..<200 where hall.coordinator.activeDevice(named: "counter-4") == nil { try await Task.sleep(for: .milliseconds(5)) }
            let clerk = Browser(client: browser.client)
            #expect(try await clerk.signIn(key: KeyFile(device: "counter-4", role: .counter, counter: 4, key: secret)).location == "/counter")
            #expect(try await clerk.get("/manager/appointments").status != .ok)
            let counterPage = try await clerk.get("/counter")
            for (path, form) in [("/manager/appointments/capacity", [("service", "C"), ("per_slot", "5")]),
                                 ("/manager/appointments/book", [("service", "C"), ("day", "2026-12-01"), ("time", "09:00")]),
                                 ("/manager/appointments/cancel", [("day", "2026-11-30"), ("code", code)])] {
                _ = try await clerk.post(path, [("csrf", counterPage.field("csrf") ?? ""), ("rid", "clerk-\(path)")] + form)
            }
            guard case .success(.appointments(let after, let capacity)) = await hall.perform(.appointments(from: "2026-11-30", to: "2026-12-01")) else { return }
            #expect(capacity["C"] == 1 && after.count == 2 && after.first { $0.code == code }?.cancelledAt == nil, "nothing the clerk posted changed anything")

            // A booking whose slot has passed without its citizen stays "did not come".
            _ = await hall.perform(.advanceClock(3 * 3600))
            page = try await browser.get("/manager/appointments?day=2026-12-01")
            _ = await hall.perform(.bookAppointment(service: "C", day: "2026-11-30", minute: 11 * 60 + 15))
            guard case .success(.appointments(let today, _)) = await hall.perform(.appointments(from: "2026-11-30", to: "2026-11-30")),
                  let pending = today.first(where: { $0.label == nil && $0.cancelledAt == nil }) else { Issue.record("no booking"); return }
            _ = await hall.perform(.advanceClock(3600))
            guard case .failure(let refused) = await hall.perform(.cancelAppointment(day: "2026-11-30", code: pending.code)) else {
                Issue.record("a past booking was cancelled"); return
            }
            #expect(refused.code == .badSlot)
            #expect(try await browser.get("/manager/appointments?day=2026-11-30").body.contains("Không đến <span"))
        }
    }
}
