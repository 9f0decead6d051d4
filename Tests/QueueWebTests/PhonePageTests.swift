import AsyncHTTPClient
import CoordinatorApp
import Drawing
import Foundation
import NIOConcurrencyHelpers
import Print
import QueueConfig
import QueueCore
import QueueReports
import QueueServer
import QueueTestSupport
@testable import QueueWeb
import QueueWire
import Testing

/// Issue 17: each ticket's page for the citizen's phone, at the address its QR code carries.
@Suite struct PhonePageTests {
    /// The path of an issue reply's page ("/t/<token>").
    static func path(_ reply: Result<Reply, QueueError>) throws -> String {
        guard case .success(.issued(let issued)) = reply, let page = issued.page else { throw QueueError(.noTicket, "no page in \(reply)") }
        #expect(page.hasPrefix("http://hall.test/t/"), "\(page)")
        return String(page.dropFirst("http://hall.test".count))
    }

    @Test func tokensAreUnguessableNamesOfOneTicketOnOneDay() {
        let pages = TicketPages(secret: Data(repeating: 7, count: 32))
        let at = Date(timeIntervalSince1970: 1_796_000_400)
        func ticket(_ id: Int64, _ day: String = "2026-11-30", label: String = "A001", at: Date = at) -> Ticket {
            Ticket(id: id, day: day, service: "A", number: 1, label: label, priority: .normal, issuedAt: at)
        }
        let token = pages.token(ticket(41))
        #expect(TicketPages.isToken(token))
        #expect(token == pages.token(ticket(41)))
        #expect(token != pages.token(ticket(42)))
        #expect(token != pages.token(ticket(41, "2026-12-01")))
        // The same id given out again (a same-day restore) is another ticket, with another token.
        #expect(token != pages.token(ticket(41, label: "A002")) && token != pages.token(ticket(41, at: at + 1)))
        #expect(token != TicketPages(secret: Data(repeating: 8, count: 32)).token(ticket(41)))
        #expect(!token.contains("41"))
        #expect(!TicketPages.isToken("A023") && !TicketPages.isToken(String(repeating: "=", count: 22)))
        #expect(pages.url(for: ticket(41)) == nil)
        pages.setBase("http://192.168.1.20:8080/")
        #expect(pages.url(for: ticket(41)) == "http://192.168.1.20:8080/t/\(token)")
    }

    /// The expected call counts opening time only: a wait that runs into the lunch break goes on
    /// after it, and one that runs past closing says so (the sample hall: 07:30–11:30, 13:30–17:00).
    @Test func theExpectedCallSkipsTheLunchBreakAndStopsAtClosing() {
        let hours = HallConfigLoader.defaultHall().hall.hours
        func at(_ hhmm: String) -> LocalTime { LocalTime(day: "2026-11-30", weekday: 1, minuteOfDay: ClockText.minutes(hhmm)!) }
        #expect(hours.minute(afterOpenMinutes: 60, from: at("11:00")) == ClockText.minutes("14:00"))
        #expect(hours.minute(afterOpenMinutes: 10, from: at("12:00")) == ClockText.minutes("13:40"))
        #expect(hours.minute(afterOpenMinutes: 20, from: at("08:00")) == ClockText.minutes("08:20"))
        #expect(hours.minute(afterOpenMinutes: 60, from: at("16:30")) == nil)
        #expect(PhonePage.calls(wait: 3600, from: at("11:00"), hours: hours) == .between(ClockText.minutes("13:45")!, ClockText.minutes("14:15")!))
        #expect(PhonePage.calls(wait: 600, from: at("08:02"), hours: hours) == .between(ClockText.minutes("08:10")!, ClockText.minutes("08:15")!))
        #expect(PhonePage.calls(wait: 3600, from: at("16:30"), hours: hours) == .notToday)
        // Starting before closing and running past it: until closing.
        #expect(PhonePage.calls(wait: 2400, from: at("16:20"), hours: hours) == .between(ClockText.minutes("16:50")!, ClockText.minutes("17:00")!))
    }

    /// A booked citizen's page does not promise a call before the slot the ticket is held for.
    @Test func aHeldTicketsPageExpectsTheCallFromItsSlot() async throws {
        let monday8 = Date(timeIntervalSince1970: 1_796_000_400) // Mon 2026-11-30 08:00 in the hall
        var state = HallState(config: HallConfigLoader.defaultHall())
        _ = try state.perform(.signIn(counter: 1, clerk: "c1"), by: "t", at: monday8).get()
        let held = try state.perform(.issue(service: "A", priority: .normal, appointment: monday8 + 3600), by: "t", at: monday8).get().last!.ticket!
        let page = try #require(PhonePage(ticket: held.id, state: state, today: [:], now: monday8))
        #expect(page.status == .waiting(ahead: 0, calls: .between(9 * 60, 9 * 60 + 5)))
        #expect(page.booked == 9 * 60)
        let walkIn = try state.perform(.issue(service: "A", priority: .normal), by: "t", at: monday8).get().last!.ticket!
        guard case .waiting(_, .between(let from, _)?) = try #require(PhonePage(ticket: walkIn.id, state: state, today: [:], now: monday8)).status else {
            Issue.record("no call range"); return
        }
        #expect(from < 9 * 60, "a walk-in's page is not held")
    }

    @Test func streamSlotsAreLimitedPerTicketAndInAllAndComeBackWhenReleased() {
        let streams = PhoneStreams(limit: 4)
        var held = (0..<3).compactMap { _ in streams.open("t1") }
        #expect(held.count == 3 && streams.open("t1") == nil, "at most 3 for one ticket")
        var other = streams.open("t2")
        #expect(other != nil && streams.open("t3") == nil, "at most 4 in all")
        held.removeLast()
        #expect(streams.open("t1") != nil, "a released slot comes back")
        other = nil
        _ = other
        #expect(streams.open("t3") != nil)
    }

    @Test func guessingIsLimitedPerAddressAndRefillsOverAMinute() {
        let now = NIOLockedValueBox(Date(timeIntervalSince1970: 1_796_000_400))
        let limit = PhoneRateLimit(perMinute: 60) { now.withLockedValue { $0 } }
        #expect((0..<60).allSatisfy { _ in limit.allow("10.0.0.7") })
        #expect(!limit.allow("10.0.0.7"))
        #expect(limit.allow("10.0.0.8"), "another address has its own budget")
        now.withLockedValue { $0 += 30 }
        #expect((0..<30).allSatisfy { _ in limit.allow("10.0.0.7") } && !limit.allow("10.0.0.7"))
    }

    /// The page says how many the counters will call first, in the coordinator's own order: a
    /// priority ticket issued last is called before normal ones, and exactly as many calls
    /// come before it as its page said. Then it says which counter to go to, then the end.
    @Test func aPriorityTicketsPageCountsAheadAsTheCountersCallAndFollowsItToTheEnd() async throws {
        let hall = try WebHarness()
        hall.coordinator.ticketPages.setBase("http://hall.test")
        try await hall.run { browser in
            // Two citizens at 08:00, two at 08:15, and at 08:20 an elderly one, whom the hall's
            // 20-minute boost puts after the first two and before the other two.
            for _ in 0..<2 { _ = await hall.issue("A") }
            _ = await hall.perform(.setClock(WebHarness.monday8 + 900))
            for _ in 0..<2 { _ = await hall.issue("A") }
            _ = await hall.perform(.setClock(WebHarness.monday8 + 1200))
            let priority = try Self.path(await hall.perform(.command(.issue(service: "A", priority: .elderly))))
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "c1")))

            let page = try await browser.get(priority)
            #expect(page.status == .ok)
            #expect(page.body.contains("A005") && page.body.contains("Đất đai"), "\(page.body)")
            let ahead = try #require(Self.ahead(page.body), "\(page.body)")
            #expect(ahead == 2)
            #expect(!page.body.contains("A001"), "another citizen's number is on the page")

            var calls = 0
            while true {
                let reply = await hall.perform(.command(.callNext(counter: 1)))
                guard try reply.get().calledTicket?.label != "A005" else { break }
                calls += 1
                _ = await hall.perform(.command(.noShow(counter: 1)))
            }
            #expect(calls == ahead)
            let called = try await browser.get(priority + "?lang=en")
            #expect(called.body.contains("Please go to counter") && called.body.contains("<strong>1</strong>"), "\(called.body)")
            #expect(called.body.contains("Tầng 1 · Ground floor"), "where counter 1 is, from the hall file")
            #expect(called.body.contains("lang=\"en\""))
            _ = await hall.perform(.command(.start(counter: 1)))
            _ = await hall.perform(.command(.finish(counter: 1)))
            let done = try await browser.get(priority)
            #expect(done.body.contains("Đã phục vụ xong"), "\(done.body)")
            #expect(!done.body.contains("http-equiv=\"refresh\""), "a finished ticket's page still reloads itself")
        }
    }

    /// The live stream sends the page's part at once and again after each change, and ends
    /// when the ticket does.
    @Test func theStreamSendsEachChangeAndEndsWithTheTicket() async throws {
        let hall = try WebHarness()
        hall.coordinator.ticketPages.setBase("http://hall.test")
        try await hall.run { browser in
            let path = try Self.path(await hall.perform(.command(.issue(service: "A", priority: .normal))))
            _ = await hall.perform(.command(.signIn(counter: 2, clerk: "c2")))
            let stream = Task { try await browser.get(path + "/events") }
            try await Task.sleep(for: .milliseconds(300))
            _ = await hall.perform(.command(.callNext(counter: 2)))
            try await Task.sleep(for: .milliseconds(200))
            _ = await hall.perform(.command(.start(counter: 2)))
            try await Task.sleep(for: .milliseconds(200))
            _ = await hall.perform(.command(.finish(counter: 2)))
            let events = try await stream.value
            #expect(events.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let parts = events.body.components(separatedBy: "event: live\n").dropFirst()
            let classes = parts.compactMap { part in part.range(of: "status ").map { String(part[$0.upperBound...].prefix { $0 != "\"" }) } }
            // Each change is sent once it is seen; a busy machine may fold two close ones into one.
            #expect(classes.first == "waiting" && classes.last == "ended", "\(classes)")
            #expect(classes.contains("called") || classes.contains("serving"), "\(classes)")
            #expect(Set(classes).count == classes.count, "a part was sent twice: \(classes)")
            #expect(events.body.contains("<strong>2</strong>"))
        }
    }

    /// A guessed token, a mangled one and yesterday's all get the same sentence and a 404;
    /// a flood of them from one address is cut to 60 a minute while the hall keeps issuing, and
    /// real pages keep opening.
    @Test func guessedAndExpiredTokensOpenNothingAndAFloodIsLimited() async throws {
        let frozen = Date(timeIntervalSince1970: 1_796_000_400)
        let hall = try WebHarness(phoneLimit: PhoneRateLimit(perMinute: 60) { frozen })
        hall.coordinator.ticketPages.setBase("http://hall.test")
        try await hall.run { browser in
            let path = try Self.path(await hall.perform(.command(.issue(service: "B", priority: .normal))))
            #expect(try await browser.get(path).status == .ok)
            for guess in ["/t/AAAAAAAAAAAAAAAAAAAAAA", "/t/short", "/t/" + String(path.dropFirst(3).reversed())] {
                let page = try await browser.get(guess)
                #expect(page.status == .notFound, "\(guess)")
                #expect(page.body.contains("chỉ dùng được trong ngày"), "\(guess): \(page.body)")
            }
            // The next morning the hall opens a new day: yesterday's page is gone.
            _ = await hall.perform(.setClock(WebHarness.monday8 + 24 * 3600))
            #expect(try await browser.get(path).status == .notFound)

            var statuses: [Int: Int] = [:]
            var pages: [String] = []
            for i in 0..<120 {
                statuses[Int(try await browser.get("/t/\(String(format: "%022d", i))").status.code), default: 0] += 1
                if i % 10 == 0 { pages.append(try Self.path(await hall.perform(.command(.issue(service: "A", priority: .normal))))) }
            }
            // 4 guesses above, then 56 more 404s: the rest are refused.
            #expect(statuses == [404: 56, 429: 64], "\(statuses)")
            let refused = try await browser.get("/t/AAAAAAAAAAAAAAAAAAAAAA")
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "60")
            #expect(refused.body.contains("http-equiv=\"refresh\""), "a refused page tries again by itself")
            // Every ticket issued during the flood has its page, the last one too.
            #expect(pages.count == 12)
            for page in [pages[0], pages[11]] { #expect(try await browser.get(page).status == .ok) }
        }
    }

    /// After service the page asks for a rating: one per visit, kept with its service, counter
    /// and clerk, and counted in the report by service and clerk.
    @Test func aServedVisitIsRatedOnceAndTheReportCountsIt() async throws {
        let hall = try WebHarness()
        hall.coordinator.ticketPages.setBase("http://hall.test")
        try await hall.run { browser in
            let served = try Self.path(await hall.perform(.command(.issue(service: "A", priority: .normal))))
            let waiting = try Self.path(await hall.perform(.command(.issue(service: "A", priority: .normal))))
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "Nguyễn Thị Lan")))
            #expect(!(try await browser.get(served).body.contains("name=\"rating\"")), "a rating form before the service")
            #expect(try await browser.post(waiting + "/rating", [("rating", "satisfied")]).status == .conflict)
            for command in [Command.callNext(counter: 1), .start(counter: 1), .finish(counter: 1)] { _ = await hall.perform(.command(command)) }

            let page = try await browser.get(served)
            #expect(page.body.contains("name=\"rating\"") && page.body.contains("Không hài lòng"), "\(page.body)")
            let rated = try await browser.post(served + "/rating", [("rating", "dissatisfied"), ("reason", "long-wait"), ("lang", "en")])
            #expect(rated.status == .seeOther && rated.location == served + "?lang=en")
            let thanked = try await browser.get(served + "?lang=en")
            #expect(thanked.body.contains("Thank you for your rating") && thanked.body.contains("Dissatisfied"), "\(thanked.body)")
            #expect(!thanked.body.contains("name=\"rating\""))
            // A second press, even of another level, changes nothing.
            #expect(try await browser.post(served + "/rating", [("rating", "very-satisfied")]).status == .seeOther)
            #expect(try await browser.get(served).body.contains("Không hài lòng</strong>"))
            #expect(try await browser.post(served + "/rating", [("rating", "great")]).status == .badRequest)

            let counts = try hall.coordinator.reader.ratingCounts(from: "2026-11-30", to: "2026-11-30")
            #expect(counts == [RatingCount(service: "A", clerk: "Nguyễn Thị Lan", rating: .dissatisfied, reason: .longWait, count: 1)])
            let report = HallReport.make(tickets: [], config: await hall.state().config, from: "2026-11-30", to: "2026-11-30",
                                         context: ReportContext(ratings: counts))
            let lines = try #require(report.ratings)
            #expect(lines.map(\.label) == ["Hall", "A Đất đai", "Clerk Nguyễn Thị Lan"])
            #expect(lines.allSatisfy { $0.dissatisfied == 1 && $0.total == 1 && $0.reasons == ["long-wait": 1] })
            #expect(TextReport.render(report).contains("Waited too long 1"))
            let csv = CSVReport.render(report).components(separatedBy: "\r\n")
            #expect(csv[0].hasSuffix("ratings,rated_very_satisfied,rated_satisfied,rated_dissatisfied"))
            #expect(csv.first { $0.contains(",total,") }?.hasSuffix(",1,0,0,1") == true, "\(csv)")
            #expect(HTMLReport.render(report).contains("Waited too long 1"))
        }
    }

    /// The counter's display may take the rating by touch: of the ticket it names, which the
    /// counter must have served within two minutes, once. A kiosk may not, nor the clerk's own
    /// counter key (a clerk must not rate their own visits).
    @Test func aCounterDisplayRatesTheVisitJustServedThere() async throws {
        let hall = try WebHarness()
        try await hall.run { _ in
            let display = DeviceIdentity(name: "board-1", role: .display)
            func code(_ r: Result<Reply, QueueError>) -> ErrorCode? { if case .failure(let e) = r { return e.code } else { return nil } }
            func serve() async throws -> Int64 {
                guard case .success(.issued(let issued)) = await hall.perform(.command(.issue(service: "A", priority: .normal))) else { throw QueueError(.noTicket, "") }
                for command in [Command.callNext(counter: 1), .start(counter: 1), .finish(counter: 1)] { _ = await hall.perform(.command(command)) }
                return issued.ticket.id
            }
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "c1")))
            let first = try await serve()
            let second = try await serve()
            func rate(_ ticket: Int64, counter: Int = 1) -> Request { .rate(counter: counter, ticket: ticket, rating: .verySatisfied, reason: nil) }
            #expect(code(await hall.perform(rate(second), as: DeviceIdentity(name: "kiosk-1", role: .kiosk))) == .forbidden)
            #expect(code(await hall.perform(rate(second), as: DeviceIdentity(name: "counter-1", role: .counter, counter: 1))) == .forbidden)
            #expect(code(await hall.perform(rate(second, counter: 2), as: display)) == .notRateable, "served at another counter")
            #expect(code(await hall.perform(rate(second), as: display)) == nil)
            #expect(code(await hall.perform(rate(second), as: display)) == .alreadyRated)
            // The earlier visit is its own; the later one's rating went to the later one.
            #expect(code(await hall.perform(rate(first), as: display)) == nil)
            let counts = try hall.coordinator.reader.ratingCounts(from: "2026-11-30", to: "2026-11-30")
            #expect(counts == [RatingCount(service: "A", clerk: "c1", rating: .verySatisfied, reason: nil, count: 2)])
            // Two minutes later the citizen has gone: nothing to rate.
            let third = try await serve()
            _ = await hall.perform(.setClock(WebHarness.monday8 + 121))
            #expect(code(await hall.perform(rate(third), as: display)) == .notRateable)
        }
    }

    /// A citizen sent to another service keeps the same page, which follows them to its queue.
    @Test func aTransferredCitizensPageFollowsTheNewNumber() async throws {
        let hall = try WebHarness()
        hall.coordinator.ticketPages.setBase("http://hall.test")
        try await hall.run { browser in
            let path = try Self.path(await hall.perform(.command(.issue(service: "A", priority: .normal))))
            _ = await hall.perform(.command(.signIn(counter: 1, clerk: "c1")))
            _ = await hall.perform(.command(.callNext(counter: 1)))
            _ = await hall.perform(.command(.transfer(counter: 1, to: "C")))
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.body.contains("A001") && page.body.contains("Chuyển từ Đất đai"), "\(page.body)")
            #expect(page.body.contains("<p class=\"service\">Hộ tịch</p>"))
        }
    }

    static func ahead(_ body: String) -> Int? {
        if body.contains("là người tiếp theo") { return 0 }
        guard let range = body.range(of: "Số người chờ trước: <strong>") else { return nil }
        return Int(body[range.upperBound...].prefix { $0.isNumber })
    }

    /// The QR code on the printed ticket, read back from the printer's bytes by zbarimg, is the
    /// address of that ticket's page, which the real coordinator serves over plain HTTP.
    @Test func theQROnThePrintedTicketOpensThatTicketsPage() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") else {
            Issue.record("This test reads the QR code with zbarimg: run `make test-deps` (Debian's zbar-tools).")
            return
        }
        let coordinator = try await HallInProcess(arguments: ["--https-port", "0", "--http-port", "0"])
        try await coordinator.openTheHall()
        let http = try #require(coordinator.httpPort)
        let folder = try TemporaryFolder("phone")
        defer { folder.remove() }
        let printed = folder.file("ticket.bin")
        let issue = try await ProgramRun.run(CoordinatorProcess.binary("queue-kiosk"), [
            "--issue", "b", "--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir, "--print-to", "file:\(printed)"])
        #expect(issue.status == 0, "\(issue.err)")
        let (image, _) = try ESCPOS.decode(Array(try Data(contentsOf: URL(fileURLWithPath: printed))))
        let pbm = folder.file("ticket.pbm")
        try Self.pbm(image).write(to: URL(fileURLWithPath: pbm))
        let read = try await ProgramRun.run("/usr/bin/zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", pbm])
        let url = read.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("http://127.0.0.1:\(http)/t/"), "zbarimg read \(url) (\(read.err))")

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(response.status == .ok)
            #expect(body.contains("B001") && body.contains("Xây dựng"), "\(body)")
        } catch {
            Issue.record("\(error)")
        }
        try await client.shutdown()
    }

    /// A portable bitmap (P4) of the printed dots, with a quiet margin for the reader.
    static func pbm(_ image: Bitmap) -> Data {
        let margin = 16, width = image.width + 2 * margin, height = image.height + 2 * margin
        var data = Data("P4\n\(width) \(height)\n".utf8)
        let rowBytes = (width + 7) / 8
        for y in 0..<height {
            var row = [UInt8](repeating: 0, count: rowBytes)
            for x in 0..<width {
                let (ix, iy) = (x - margin, y - margin)
                if ix >= 0, iy >= 0, ix < image.width, iy < image.height, image[ix, iy] { row[x / 8] |= 0x80 >> UInt8(x % 8) }
            }
            data.append(contentsOf: row)
        }
        return data
    }
}
