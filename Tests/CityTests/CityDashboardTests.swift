import AsyncHTTPClient
import CityStore
import CityWire
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import QueueCore
import QueueSimulator
import QueueTestSupport
import ReportStore
import Testing

/// Issue 16: the city dashboard. Only the city's viewers open it; it shows which halls are online
/// and which have not been heard from, and each hall's day so far, counted as its tickets say.
@Suite(.serialized) struct CityDashboardTests {
    @Test func onlyViewersOpenItAndItShowsWhoIsOnlineAndWhoIsSilent() async throws {
        let city = try await CityUnderTest()
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh", name: "Bộ phận một cửa phường Ba Đình")
        _ = try await city.addHall("phuong-hoan-kiem", unit: "hoan-kiem", name: "Bộ phận một cửa phường Hoàn Kiếm")
        let dir = try await simulatedHall(name: "Bộ phận một cửa phường Ba Đình", days: 1, tickets: 30, seed: 3, city: city.section(key: key))
        let hall = try await CoordinatorProcess(stateDir: dir, arguments: ["--config", dir + "/hall.toml"])
        let last = Int(try ReportReader(path: dir + "/queue.sqlite").eventBodies(after: 0, limit: Int.max).last?.seq ?? 0)
        #expect(await eventually(seconds: 60) { try await city.held("phuong-ba-dinh").acked == last })

        let password = try await city.city(["viewer", "add", "--name", "an"]).split(separator: "\n").last.map(String.init) ?? ""
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(city.certificate))
        tls.certificateVerification = .noHostnameVerification
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = client.shutdown() }
        func get(_ path: String, as viewer: (String, String)?) async throws -> (status: Int, body: String, challenge: String?) {
            var request = HTTPClientRequest(url: city.url + path)
            if let (name, password) = viewer {
                request.headers.add(name: "Authorization", value: "Basic " + Data("\(name):\(password)".utf8).base64EncodedString())
            }
            let response = try await client.execute(request, timeout: .seconds(30))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 22)), response.headers.first(name: "WWW-Authenticate"))
        }

        // No password, a wrong one, or another viewer's name: refused, and the browser asked to sign in.
        for viewer in [nil, ("an", "not-the-password"), ("binh", password)] {
            let r = try await get("/city", as: viewer)
            #expect(r.status == 401 && r.challenge?.hasPrefix("Basic") == true && !r.body.contains("Ba Đình"), "\(String(describing: viewer)): \(r)")
        }
        #expect(try await get("/v1/city/now", as: nil).status == 401)

        // The viewer sees the hall that forwarded online, and the one never heard from as silent.
        let page = try await get("/city", as: ("an", password))
        #expect(page.status == 200)
        #expect(page.body.contains("Bộ phận một cửa phường Hoàn Kiếm") && page.body.contains("chưa bao giờ"), "the silent hall is not listed as never heard from")
        // Its links open this week's reports, for the viewer.
        let links = page.body.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        #expect(links.count == 5 && links.allSatisfy { $0.hasPrefix("/v1/city/report?") }, "\(links)")
        for link in links {
            let report = try await get(link, as: ("an", password))
            // A report, or why there is none (this week may hold no tickets; Hoàn Kiếm's hall never sent).
            #expect((report.status == 200 && report.body.contains("<html")) || (report.status == 404 && report.body.contains(" ")),
                    "\(link): \(report.status) \(report.body.prefix(300))")
            #expect(try await get(link, as: nil).status == 401)
        }
        let json = try await get("/v1/city/now", as: ("an", password))
        let now = try JSONDecoder().decode(CityNow.self, from: Data(json.body.utf8))
        #expect(now.halls.map(\.id) == ["phuong-ba-dinh", "phuong-hoan-kiem"])
        #expect(now.halls.map(\.online) == [true, false], "\(now.halls)")
        #expect(now.silent.map(\.id) == ["phuong-hoan-kiem"])
        // The city counts the halls of its wards; the city first.
        #expect(now.units.map(\.id) == ["ha-noi", "ba-dinh", "hoan-kiem"], "\(now.units.map(\.id))")
        #expect(now.units.map(\.halls) == [2, 1, 1] && now.units.map(\.online) == [1, 1, 0])

        // queuectl city report: the city's report over HTTPS, as queue-city writes it from the database.
        let passwordFile = city.dir + "/an.password"
        try password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let viewer = ["--city", city.url, "--certificate", city.certificate, "--viewer", "an", "--date", "2026-11-30"]
        for form in [["--format", "json"], ["--unit", "ba-dinh", "--format", "csv"],
                     ["--hall", "phuong-ba-dinh", "--interval", "15", "--baseline", "A=20,C=10.5", "--format", "json"]] {
            let remote = try await CityTestRun.run("queuectl", ["city", "report", "--password-file", passwordFile] + viewer + form)
            #expect(remote == (try await city.city(["report", "--date", "2026-11-30"] + form)), "\(form)")
        }
        try "not-the-password".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let refused = try await ProgramRun.run(CoordinatorProcess.binary("queuectl"), ["city", "report", "--password-file", passwordFile] + viewer)
        #expect(refused.status == 1 && refused.err.contains("refused viewer an"), "\(refused)")
        let noDay = try await ProgramRun.run(CoordinatorProcess.binary("queuectl"), ["city", "report", "--password-file", passwordFile] + viewer.dropLast(2) + ["--date", "2026-02-30"])
        #expect(noDay.status == 64, "\(noDay)")

        // /metrics for the city's Prometheus: no sign-in, counts only.
        let metrics = try await get("/metrics", as: nil)
        #expect(metrics.status == 200)
        func value(_ line: String) -> Double? {
            metrics.body.split(separator: "\n").first { $0.hasPrefix(line) }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect(value("queue_city_events_stored_total") == Double(last), "\(metrics.body)")
        #expect((value("queue_city_batches_total{outcome=\"stored\"}") ?? 0) >= 1)
        #expect(value("queue_city_halls{state=\"online\"}") == 1 && value("queue_city_halls{state=\"silent\"}") == 1)
        #expect(!metrics.body.contains("Ba Đình"))

        // A viewer removed is refused from then on.
        try await city.city(["viewer", "remove", "--name", "an"])
        #expect(try await get("/city", as: ("an", password)).status == 401)
        _ = hall
    }

    @Test func aHallsDaySoFarIsCountedAsItsTicketsSay() async throws {
        let city = try await CityInProcess()
        defer { withExtendedLifetime(city) {} }
        let db = city.db

        // A simulated day (data), as far as 10:30 in the hall: the city holds its events until then.
        let config = try SimulatedHall.parse(try SimulatedHall.toml(configPath: nil, counters: 4), file: "test hall")
        var events: [Event] = []
        Simulation(scenario: Scenario(ticketsPerDay: 200), seed: 5).offlineEvents(days: ["2026-11-30"], config: config) { events += $0 }
        for i in events.indices { events[i].seq = Int64(i + 1) }
        let at = LocalTime.startOfDay("2026-11-30", in: TimeZone(identifier: config.hall.timeZone)!)!.addingTimeInterval(10.5 * 3600)
        let sent = events.filter { $0.at <= at }
        let recorded = RecordedConfig(since: 0, config: String(decoding: try JSONEncoder().encode(config), as: UTF8.self))
        _ = try await db.ingest(CityBatch(hall: "h", events: sent, configs: [recorded]))

        // What the hall's own events say of each ticket at 10:30.
        var latest: [Int64: Ticket] = [:]
        for e in sent { if let t = e.ticket { latest[t.id] = t } }
        let tickets = Array(latest.values)
        let waiting = tickets.filter { $0.outcome == nil && $0.firstCalledAt == nil }
        let called = tickets.compactMap { t in t.firstCalledAt.map { $0.milliseconds - t.queuedAt.milliseconds } }
        #expect(!waiting.isEmpty && !called.isEmpty, "the simulated morning has citizens waiting and called")

        let now = try await db.now(at: at)
        let today = try #require(now.halls.first?.today)
        #expect(now.halls.first?.day == "2026-11-30")
        #expect(today.tickets == tickets.count)
        #expect(today.waiting == waiting.count)
        #expect(today.atCounter == tickets.filter { $0.outcome == nil && $0.firstCalledAt != nil }.count)
        #expect(today.served == tickets.filter { $0.outcome == .served }.count)
        #expect(today.called == called.count)
        #expect(today.meanWait == Double(called.reduce(0, +)) / Double(called.count) / 1000)
        let oldest = waiting.map(\.queuedAt.milliseconds).min()!
        // As of the hall's last event the city holds, by the hall's clock.
        #expect(today.longestWaiting == Double(sent.last!.at.milliseconds - oldest) / 1000)
        #expect(now.total.waiting == waiting.count && now.units.first?.today.waiting == waiting.count)
        // A batch stored counts as heard from.
        #expect(now.halls.first?.online == true && now.silent.isEmpty)
        // The day after, nothing yet.
        #expect(try await db.now(at: at.addingTimeInterval(86_400)).halls.first?.today.tickets == 0)
    }
}
