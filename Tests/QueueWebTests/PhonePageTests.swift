import AsyncHTTPClient
import CoordinatorApp
import Drawing
import Foundation
import Print
import QueueCore
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
        let token = pages.token(day: "2026-11-30", id: 41)
        #expect(TicketPages.isToken(token))
        #expect(token == pages.token(day: "2026-11-30", id: 41))
        #expect(token != pages.token(day: "2026-11-30", id: 42))
        #expect(token != pages.token(day: "2026-12-01", id: 41))
        #expect(token != TicketPages(secret: Data(repeating: 8, count: 32)).token(day: "2026-11-30", id: 41))
        #expect(!token.contains("41"))
        #expect(!TicketPages.isToken("A023") && !TicketPages.isToken(String(repeating: "=", count: 22)))
        #expect(pages.url(for: Ticket(id: 41, day: "2026-11-30", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: Date())) == nil)
        pages.setBase("http://192.168.1.20:8080/")
        #expect(pages.url(for: Ticket(id: 41, day: "2026-11-30", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: Date()))
                == "http://192.168.1.20:8080/t/\(token)")
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
            #expect(classes.first == "waiting" && classes.last == "ended", "\(classes)")
            #expect(classes.contains("called") && classes.contains("serving"), "\(classes)")
            #expect(events.body.contains("quầy") && events.body.contains("<strong>2</strong>"))
        }
    }

    /// A guessed token, a mangled one and yesterday's all get the same sentence and a 404;
    /// a flood of them from one address is cut to 60 a minute while the hall keeps issuing.
    @Test func guessedAndExpiredTokensOpenNothingAndAFloodIsLimited() async throws {
        let hall = try WebHarness()
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
            var issued = 0
            for i in 0..<120 {
                statuses[Int(try await browser.get("/t/\(String(format: "%022d", i))").status.code), default: 0] += 1
                if i % 10 == 0, case .success(.issued) = await hall.perform(.command(.issue(service: "A", priority: .normal))) { issued += 1 }
            }
            #expect(issued == 12)
            #expect((statuses[429] ?? 0) >= 50, "\(statuses)")
            let refused = try await browser.get("/t/AAAAAAAAAAAAAAAAAAAAAA")
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "60")
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
        let issue = try ProgramRun.run(CoordinatorProcess.binary("queue-kiosk"), [
            "--issue", "b", "--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir, "--print-to", "file:\(printed)"])
        #expect(issue.status == 0, "\(issue.err)")
        let (image, _) = try ESCPOS.decode(Array(try Data(contentsOf: URL(fileURLWithPath: printed))))
        let pbm = folder.file("ticket.pbm")
        try Self.pbm(image).write(to: URL(fileURLWithPath: pbm))
        let read = try ProgramRun.run("/usr/bin/zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", pbm])
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
