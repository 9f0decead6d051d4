import AsyncHTTPClient
import CityWire
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import QueueCore
import QueueTestSupport
import ReportStore
import Testing

/// Issue 16: halls forward their event logs to the city's PostgreSQL through `queue-city`, and the
/// city's reports are the halls' own. Real binaries (queue-city, queue-coordinator, queuectl) and
/// a real PostgreSQL cluster started by the test.
@Suite(.serialized) struct CityForwardingTests {
    /// The last event sequence in a hall's own database.
    func lastSeq(_ stateDir: String) throws -> Int {
        Int(try ReportReader(path: stateDir + "/queue.sqlite").eventBodies(after: 0, limit: Int.max).last?.seq ?? 0)
    }

    @Test func twoHallsForwardAndTheCitysReportIsTheRollUpOfTheirOwnDatabases() async throws {
        let city = try await CityUnderTest()
        // Named in the city as in their own config, so the roll-up's lines read the same.
        let (nameA, nameB) = ("Bộ phận một cửa phường Ba Đình", "Bộ phận một cửa phường Hoàn Kiếm")
        let keyA = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh", name: nameA)
        let keyB = try await city.addHall("phuong-hoan-kiem", unit: "hoan-kiem", name: nameB)
        let dirA = try await simulatedHall(name: nameA, days: 3, tickets: 120, seed: 1, city: city.section(key: keyA))
        // Hall B changes its targets for its third day: each day counts against its own config.
        let dirB = try await simulatedHall(name: nameB, days: 2, tickets: 90, seed: 2, city: "")
        let changed = dirB + "-changed.toml"
        defer { try? FileManager.default.removeItem(atPath: changed) }
        try (try String(contentsOfFile: dirB + "/hall.toml", encoding: .utf8))
            .replacingOccurrences(of: "wait_target_minutes = 15", with: "wait_target_minutes = 5")
            .replacingOccurrences(of: "service_target_minutes = 30", with: "service_target_minutes = 12")
            .write(toFile: changed, atomically: true, encoding: .utf8)
        try await CityTestRun.run("queuectl", ["simulate", "--config", changed, "--date", "2026-12-02", "--days", "1", "--tickets", "90",
                                         "--seed", "5", "--state-dir", dirB])
        try (try String(contentsOfFile: dirB + "/hall.toml", encoding: .utf8) + city.section(key: keyB))
            .write(toFile: dirB + "/hall.toml", atomically: true, encoding: .utf8)
        // Citizens rated some of hall A's visits: the city's reports count them as the hall's do.
        let ratedA = try rateVisits(stateDir: dirA, every: 4)
        let hallA = try await CoordinatorProcess(stateDir: dirA, arguments: ["--config", dirA + "/hall.toml"])
        let hallB = try await CoordinatorProcess(stateDir: dirB, arguments: ["--config", dirB + "/hall.toml"])
        let (lastA, lastB) = (try lastSeq(dirA), try lastSeq(dirB))
        let forwarded = await eventually(seconds: 60) {
            let (a, b) = (try await city.held("phuong-ba-dinh").acked, try await city.held("phuong-hoan-kiem").acked)
            let rated = try await city.ratings("phuong-ba-dinh")
            return a == lastA && b == lastB && rated == ratedA
        }
        let (heldA, heldB) = (try await city.held("phuong-ba-dinh"), try await city.held("phuong-hoan-kiem"))
        #expect(forwarded, "A: \(heldA) of \(lastA); B: \(heldB) of \(lastB)")

        let span = ["--from", "2026-11-30", "--to", "2026-12-02"]
        for format in ["json", "csv", "text"] {
            let cityReport = try await city.city(["report"] + span + ["--format", format])
            let rollUp = try await CityTestRun.run("queuectl", ["report", "--db", dirA + "/queue.sqlite", "--db", dirB + "/queue.sqlite"] + span + ["--format", format])
            #expect(cityReport == rollUp, "\(format): the city's report differs from the roll-up of the halls' databases")
        }
        // The same options cut the figures the same way: quarter hours, an entered baseline.
        let options = ["--interval", "15", "--baseline", "A=20,C=10", "--format", "json"]
        #expect(try await city.city(["report"] + span + options)
                == (try await CityTestRun.run("queuectl", ["report", "--db", dirA + "/queue.sqlite", "--db", dirB + "/queue.sqlite"] + span + options)))
        // Ranked: the shortest mean wait of all citizens first, the same halls.
        func means(_ json: String) throws -> [Double] {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return (object?["halls"] as? [[String: Any]] ?? []).compactMap { ($0["visits"] as? [String: Any])?["meanWaitAtLeast"] as? Double }
        }
        let plain = try means(try await city.city(["report", "--format", "json"] + span))
        let ranked = try means(try await city.city(["report", "--rank", "--format", "json"] + span))
        #expect(ranked.count == 2 && ranked == plain.sorted(), "ranked \(ranked), unranked \(plain)")
        // One ward: its hall's own report, figure for figure.
        let ward = try await city.city(["report", "--unit", "ba-dinh", "--format", "json"] + span)
        #expect(try await figures(ward) == figures(try await CityTestRun.run("queuectl", ["report", "--db", dirA + "/queue.sqlite", "--format", "json"] + span)))
        _ = (hallA, hallB)

        // Summarised (days, the whole of November, the whole of 2026), the same figures; with the
        // tickets gone, a year still reads the same from its summaries alone.
        #expect(try await city.city(["summarize", "--before", "2027-01-01"]).contains("summaries written"))
        let spans = [span, ["--from", "2026-11-01", "--to", "2026-12-02"], ["--from", "2026-01-01", "--to", "2026-12-31"]]
        var summarised: [String] = []
        for s in spans {
            let cityReport = try await city.city(["report"] + s + ["--format", "json"])
            #expect(cityReport == (try await CityTestRun.run("queuectl", ["report", "--db", dirA + "/queue.sqlite", "--db", dirB + "/queue.sqlite"] + s + ["--format", "json"])),
                    "\(s): the city's report from its summaries differs from the roll-up of the halls' databases")
            summarised.append(cityReport)
        }
        _ = try await city.cluster.sql("DELETE FROM hall_ticket")
        #expect(try await city.city(["report"] + spans[2] + ["--format", "json"]) == summarised[2], "the year is not read from its summary")

        // A second box given hall A's key file (or hall A restored from an older backup): its
        // database ends before what the city holds, so it sends nothing and says why.
        let beforeC = try await city.held("phuong-ba-dinh")
        let dirC = try await simulatedHall(name: nameA, days: 1, tickets: 20, seed: 9, city: city.section(key: keyA))
        let hallC = try await CoordinatorProcess(stateDir: dirC, arguments: ["--config", dirC + "/hall.toml"])
        #expect(await eventually(seconds: 30) { (try String(contentsOfFile: hallC.logPath, encoding: .utf8)).contains("restored from a backup") })
        #expect(try await city.held("phuong-ba-dinh") == beforeC)
    }

    /// A backup taken after the hall's last event but before its last ratings, and rated since:
    /// the events agree, but the city's ratings under those numbers are not the database's (even
    /// once it has numbered as many). Nothing is sent until a person rewinds the city as the log
    /// says; then the city holds the restored hall's own ratings.
    @Test func aHallRestoredWithOtherRatingsIsStoppedUntilAPersonRewindsTheCity() async throws {
        let city = try await CityUnderTest()
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh", name: "Phường Ba Đình")
        let dir = try await simulatedHall(name: "Phường Ba Đình", days: 1, tickets: 60, seed: 3, city: city.section(key: key))
        let kept = try rateVisits(stateDir: dir, every: 10)
        let backup = dir + "-backup"
        defer { try? FileManager.default.removeItem(atPath: backup) }
        try FileManager.default.copyItem(atPath: dir, toPath: backup)
        let all = kept + (try rateVisits(stateDir: dir, every: 10, skipping: 5))
        let last = try lastSeq(dir)
        let first = try await CoordinatorProcess(stateDir: dir, arguments: ["--config", dir + "/hall.toml"])
        #expect(await eventually(seconds: 60) {
            let (acked, rated) = (try await city.held("phuong-ba-dinh").acked, try await city.ratings("phuong-ba-dinh"))
            return acked == last && rated == all
        })
        first.kill()

        // The restored box takes more ratings than the city holds, under other numbers.
        let restoredCount = kept + (try rateVisits(stateDir: backup, every: 5, skipping: 3))
        #expect(restoredCount > all)
        let restored = try await CoordinatorProcess(stateDir: backup, arguments: ["--config", backup + "/hall.toml"])
        func log() -> String { (try? String(contentsOfFile: restored.logPath, encoding: .utf8)) ?? "" }
        let command = "queue-city hall rewind --id phuong-ba-dinh --to \(last) --ratings-after 0"
        #expect(await eventually(seconds: 30) { log().contains(command) }, "\(log().suffix(2_000))")
        #expect(log().contains("ratings of this hall up to number \(all) are not this database's (it numbered \(restoredCount))"))
        #expect(try await city.ratings("phuong-ba-dinh") == all, "a hall whose ratings differ sent ratings")
        #expect(try await city.city(["hall", "rewind", "--id", "phuong-ba-dinh", "--to", "\(last)", "--ratings-after", "0"])
            .contains("Set aside 0 events, \(all) citizens' ratings"))
        #expect(await eventually(seconds: 60) { try await city.ratings("phuong-ba-dinh") == restoredCount })
        let span = ["--date", "2026-11-30", "--format", "json"]
        #expect(try await figures(try await city.city(["report", "--hall", "phuong-ba-dinh"] + span))
                == figures(try await CityTestRun.run("queuectl", ["report", "--db", backup + "/queue.sqlite"] + span)))
        restored.kill()
    }

    @Test func aHallRestoredAndWorkedOnSinceIsStoppedUntilAPersonRewindsTheCity() async throws {
        let city = try await CityUnderTest()
        let name = "Bộ phận một cửa phường Ba Đình"
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh", name: name)
        let dirA = try await simulatedHall(name: name, days: 1, tickets: 60, seed: 1, city: city.section(key: key))
        let ratedA = try rateVisits(stateDir: dirA, every: 3)
        let hallA = try await CoordinatorProcess(stateDir: dirA, arguments: ["--config", dirA + "/hall.toml"])
        let lastA = try lastSeq(dirA)
        #expect(await eventually(seconds: 60) { try await city.held("phuong-ba-dinh").acked == lastA })
        #expect(await eventually(seconds: 30) { try await city.ratings("phuong-ba-dinh") == ratedA })
        hallA.kill()

        // Its box is replaced by one whose database says otherwise, and goes further than the city's.
        let dirC = try await simulatedHall(name: name, days: 2, tickets: 80, seed: 9, city: city.section(key: key))
        let ratedC = try rateVisits(stateDir: dirC, every: 2)
        let lastC = try lastSeq(dirC)
        #expect(lastC > lastA)
        let before = try await city.held("phuong-ba-dinh")
        let hallC = try await CoordinatorProcess(stateDir: dirC, arguments: ["--config", dirC + "/hall.toml"])
        func log() -> String { (try? String(contentsOfFile: hallC.logPath, encoding: .utf8)) ?? "" }
        #expect(await eventually(seconds: 30) { log().contains("queue-city hall rewind --id phuong-ba-dinh --to ") }, "\(log().suffix(2_000))")
        #expect(try await city.held("phuong-ba-dinh") == before, "a hall whose history differs sent events")

        // The person runs what the log says; the hall then sends its own history, and the city's
        // report of it is the hall's own.
        let words = log().components(separatedBy: "--to ").last?.prefix { $0.isNumber } ?? ""
        let agreed = try #require(Int(words))
        #expect(agreed < lastA)
        #expect(try await city.city(["hall", "rewind", "--id", "phuong-ba-dinh", "--to", "\(agreed)"]).contains("Set aside \(lastA - agreed) events"))
        let caughtUp = await eventually(seconds: 90) { try await city.held("phuong-ba-dinh").acked == lastC }
        let held = try await city.held("phuong-ba-dinh")
        #expect(caughtUp, "\(held) of \(lastC): \(log().suffix(2_000))")
        #expect(held.rows == lastC && held.distinct == lastC, "\(held)")
        #expect(try await city.cluster.sql("SELECT count(*) FROM hall_event_set_aside").trimmingCharacters(in: .whitespacesAndNewlines) == "\(lastA - agreed)")
        // The first box's ratings (recorded after the history both agree on) are set aside too;
        // the city holds this box's, as numbered here.
        #expect(await eventually(seconds: 30) { try await city.ratings("phuong-ba-dinh") == ratedC })
        #expect(try await city.cluster.sql("SELECT count(*) FROM hall_rating_set_aside").trimmingCharacters(in: .whitespacesAndNewlines) == "\(ratedA)")
        let span = ["--from", "2026-11-30", "--to", "2026-12-01", "--format", "json"]
        #expect(try await figures(try await city.city(["report", "--hall", "phuong-ba-dinh"] + span)) == figures(try await CityTestRun.run("queuectl", ["report", "--db", dirC + "/queue.sqlite"] + span)))
    }

    @Test func nothingIsLostOrDoubledWhenTheHallTheCityOrPostgreSQLIsKilled() async throws {
        let city = try await CityUnderTest()
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh")
        let dir = try await simulatedHall(name: "Hall phuong-ba-dinh", days: 3, tickets: 1_500, seed: 3, city: city.section(key: key))
        let last = try lastSeq(dir)
        let hall = try await CoordinatorProcess(stateDir: dir, arguments: ["--config", dir + "/hall.toml"])
        func acked() async -> Int { (try? await city.held("phuong-ba-dinh").acked) ?? -1 }
        var killedMidway: [String] = []

        // Each of the three is killed with SIGKILL once forwarding has moved on, and started again
        // (PostgreSQL last: a pool's reconnecting after it can take the longest).
        func killWhenMoving(_ what: String, _ kill: () async throws -> Void) async throws {
            let before = await acked()
            #expect(await eventually(seconds: 60) { let now = await acked(); return now > max(before, 0) || now == last })
            let now = await acked()
            if now < last { killedMidway.append("\(what) at \(now)") }
            try await kill()
        }
        try await killWhenMoving("the coordinator") {
            hall.kill()
            try await hall.start()
        }
        try await killWhenMoving("queue-city") {
            city.kill9()
            try await Task.sleep(for: .seconds(2))
            try await city.serve()
        }
        try await killWhenMoving("PostgreSQL") {
            try await city.cluster.kill9()
            try await Task.sleep(for: .seconds(2))
            try await city.cluster.start()
        }

        let caughtUp = await eventually(seconds: 120) { await acked() == last }
        let acknowledged = await acked()
        #expect(caughtUp, "acked \(acknowledged) of \(last)")
        let held = try await city.held("phuong-ba-dinh")
        #expect(held.rows == last && held.distinct == last && held.max == last, "\(held) for \(last) events")
        let tickets = try ReportReader(path: dir + "/queue.sqlite").tickets(from: "2026-11-30", to: "2026-12-02").count
        #expect(try await city.cluster.sql("SELECT COUNT(*) FROM hall_ticket").trimmingCharacters(in: .whitespacesAndNewlines) == "\(tickets)")
        // Forwarding this much takes several batches: at least one kill should land mid-way.
        #expect(!killedMidway.isEmpty, "every kill came after forwarding had finished; make the hall busier")
        print("killed mid-way: \(killedMidway), \(last) events")
        // And it stops on SIGTERM, its pool having lived through PostgreSQL's crash.
        let server = try #require(city.server)
        server.process.terminate()
        let stopped = await eventually(seconds: 20) { !server.isRunning }
        #expect(stopped, "queue-city did not stop within 20 s of SIGTERM: \(server.err.suffix(3_000))")
        if stopped {
            #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0,
                    "queue-city did not stop cleanly: \(server.process.terminationReason) \(server.process.terminationStatus) \(server.err.suffix(2_000))")
        }
    }

    @Test func aHallCanWriteOnlyItsOwnEventsAndABadRequestChangesNothing() async throws {
        let city = try await CityUnderTest()
        _ = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh")
        let keyB = try CityKeyFile.read(path: try await city.addHall("phuong-hoan-kiem", unit: "hoan-kiem"))
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(city.certificate))
        tls.certificateVerification = .noHostnameVerification
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        defer { _ = client.shutdown() }

        func send(_ method: HTTPMethod, hall: String, body: Data, signedBy key: Data?) async throws -> (Int, String) {
            let path = CityPaths.events(hall: hall)
            var request = HTTPClientRequest(url: city.url + path)
            request.method = method
            if let key { request.headers.add(name: CityAuth.header, value: CityAuth.signature(key: key, method: method.rawValue, path: path, body: body)) }
            if method == .POST { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await client.execute(request, timeout: .seconds(30))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
        }
        func batch(_ hall: String, _ seqs: ClosedRange<Int64>) async throws -> Data {
            try HallJSON.encoder().encode(CityBatch(hall: hall, events: seqs.map {
                Event(seq: $0, at: Date(timeIntervalSince1970: 1_796_000_000 + Double($0)), kind: .dayOpened, device: "coordinator", day: "2026-11-30")
            }))
        }

        // B's key cannot write A's events, in the path or in the body; nor can no key at all.
        var r = try await send(.POST, hall: "phuong-ba-dinh", body: try batch("phuong-ba-dinh", 1...3), signedBy: keyB.key)
        #expect(r.0 == 401, "\(r)")
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: try batch("phuong-ba-dinh", 1...3), signedBy: keyB.key)
        #expect(r.0 == 403 && r.1.contains("only its own"), "\(r)")
        r = try await send(.GET, hall: "phuong-hoan-kiem", body: Data(), signedBy: nil)
        #expect(r.0 == 401 && r.1.contains("key file"), "\(r)")
        r = try await send(.GET, hall: "no-such-hall", body: Data(), signedBy: keyB.key)
        #expect(r.0 == 401, "\(r)")
        // Garbage, and a batch that would leave a gap, change nothing and say so.
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: Data("{\"hall\": [".utf8), signedBy: keyB.key)
        #expect(r.0 == 400, "\(r)")
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: try batch("phuong-hoan-kiem", 5...6), signedBy: keyB.key)
        #expect(r.0 == 409 && r.1.contains("\"acked\":0"), "\(r)")
        let (rowsA, rowsB) = (try await city.held("phuong-ba-dinh").rows, try await city.held("phuong-hoan-kiem").rows)
        #expect(rowsA == 0 && rowsB == 0)

        // The right key writes; the same batch again, or one overlapping it, changes nothing twice.
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: try batch("phuong-hoan-kiem", 1...3), signedBy: keyB.key)
        #expect(r.0 == 200 && r.1.contains("\"acked\":3"), "\(r)")
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: try batch("phuong-hoan-kiem", 1...3), signedBy: keyB.key)
        #expect(r.0 == 200 && r.1.contains("\"acked\":3"), "\(r)")
        r = try await send(.POST, hall: "phuong-hoan-kiem", body: try batch("phuong-hoan-kiem", 2...5), signedBy: keyB.key)
        #expect(r.0 == 200 && r.1.contains("\"acked\":5"), "\(r)")
        let held = try await city.held("phuong-hoan-kiem")
        #expect(held.rows == 5 && held.distinct == 5 && held.acked == 5, "\(held)")
        #expect(try await city.held("phuong-ba-dinh").rows == 0)
    }

    @Test func theCitysReportsReadFromAHotStandbyWithThePrimaryDown() async throws {
        let city = try await CityUnderTest()
        let standby = try await PostgresCluster(standbyOf: city.cluster)
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh")
        let dir = try await simulatedHall(name: "Hall phuong-ba-dinh", days: 2, tickets: 100, seed: 4, city: city.section(key: key))
        let hall = try await CoordinatorProcess(stateDir: dir, arguments: ["--config", dir + "/hall.toml"])
        let last = try lastSeq(dir)
        func onStandby() async -> Int { Int((try? await standby.sql("SELECT COALESCE(MAX(seq), 0) FROM hall_event").trimmingCharacters(in: .whitespacesAndNewlines)) ?? "") ?? -1 }
        let streamed = await eventually(seconds: 60) { await onStandby() == last }
        let onTheStandby = await onStandby()
        #expect(streamed, "the standby has \(onTheStandby) of \(last)")
        hall.kill()
        city.kill9()
        try await city.cluster.stop()

        let span = ["--from", "2026-11-30", "--to", "2026-12-01", "--format", "json"]
        let report = try await city.city(["report", "--postgres-read-url", standby.url] + span)
        #expect(try await figures(report) == figures(try await CityTestRun.run("queuectl", ["report", "--db", dir + "/queue.sqlite"] + span)))
        // A standby takes no writes: adding a hall there is refused with the server's reason.
        await #expect(throws: (any Error).self) { try await CityTestRun.run("queue-city", ["hall", "add", "--postgres-url", standby.url, "--id", "x", "--name", "X", "--unit", "ba-dinh", "--key-out", city.dir + "/x.key"]) }
    }

    @Test func aWeekWithTheCityAwayIsCaughtUpAndTheHallWorkedOnMeanwhile() async throws {
        let city = try await CityUnderTest()
        let key = try await city.addHall("phuong-ba-dinh", unit: "ba-dinh", name: "Hall phuong-ba-dinh")
        let dir = try await simulatedHall(name: "Hall phuong-ba-dinh", days: 1, tickets: 100, seed: 6, city: city.section(key: key))
        let hall = try await CoordinatorProcess(stateDir: dir, arguments: ["--config", dir + "/hall.toml"])
        let first = try lastSeq(dir)
        #expect(await eventually(seconds: 60) { try await city.held("phuong-ba-dinh").acked == first })
        hall.kill()

        // The city goes away; the hall simulates a working week on its own (its outbox cannot
        // reach the city, which changes nothing for the hall).
        city.kill9()
        let config = dir + "/week.toml"
        try FileManager.default.copyItem(atPath: dir + "/hall.toml", toPath: config)
        try await CityTestRun.run("queuectl", ["simulate", "--config", config, "--date", "2026-12-01", "--days", "5", "--tickets", "150",
                                         "--seed", "7", "--state-dir", dir])
        let last = try lastSeq(dir)
        #expect(last > first + 2_000, "a week of events: \(last - first)")
        #expect(try await city.cluster.sql("SELECT acked FROM hall").trimmingCharacters(in: .whitespacesAndNewlines) == "\(first)")

        // The city is back: the hall catches up on the whole week, and the figures are the hall's.
        try await city.serve()
        let back = ContinuousClock.now
        try await hall.start()
        #expect(await eventually(seconds: 60) { try await city.held("phuong-ba-dinh").acked == last })
        print("caught up \(last - first) events in \(ContinuousClock.now - back) (including the coordinator's start)")
        let held = try await city.held("phuong-ba-dinh")
        #expect(held.rows == last && held.distinct == last)
        let span = ["--from", "2026-11-30", "--to", "2026-12-07", "--format", "json"]
        #expect(try await figures(try await city.city(["report"] + span)) == figures(try await CityTestRun.run("queuectl", ["report", "--db", dir + "/queue.sqlite"] + span)))
    }
}
