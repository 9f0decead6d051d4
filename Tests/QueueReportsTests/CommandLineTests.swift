import Foundation
import GRDB
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
@testable import ReportStore
import QueueTestSupport
import Testing

/// `queuectl report` and `export` as a manager runs them: the real binaries, over the network and
/// from the database file.
@Suite(.serialized)
struct CommandLineTests {
    func queuectl(_ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run(CoordinatorProcess.binary("queuectl"), arguments)
    }

    @Test func aReportOverTheNetworkEqualsTheOneFromTheDatabaseFile() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30", "2026-12-01"], tickets: 2_500, seed: 9, keepRunning: true)
        let wire = ["--coordinator", try #require(run.coordinator).address.description, "--key-file", run.stateDir + "/manager.key"]
        let overWire = try await queuectl(["report", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "json"] + wire)
        let fromFile = try await queuectl(["report", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "json", "--db", run.database])
        #expect(overWire.status == 0 && fromFile.status == 0, "\(overWire.err) \(fromFile.err)")
        #expect(overWire.out.contains("\"schema\" : \"queue-report/2\""))
        #expect(overWire.out == fromFile.out)
        // More rows than one page of the `tickets` request: the export pages through all of them.
        let export = try await queuectl(["export", "--from", "2026-11-30", "--to", "2026-12-01"] + wire)
        let lines = export.out.split(separator: "\r\n").count
        #expect(lines > 2_001)
        #expect(lines == (try await queuectl(["export", "--from", "2026-11-30", "--to", "2026-12-01", "--db", run.database])).out.split(separator: "\r\n").count)
        await run.stop()
    }

    @Test func aDayWithNoTicketsSaysSoInASentence() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30"], tickets: 50, seed: 1)
        let r = try await queuectl(["report", "--date", "2026-12-24", "--db", run.database])
        #expect(r.status == 1)
        #expect(r.err == "queuectl: No tickets recorded on 2026-12-24 in \(run.database); is that a working day?\n")
        let missing = try await queuectl(["report", "--date", "2026-12-24", "--db", run.stateDir + "/nope.sqlite"])
        #expect(missing.status == 1 && missing.err.contains("There is no database at"))
    }

    @Test func aRollUpHasOneLinePerHallALinePerLevelAndATotal() async throws {
        let commune = SimulatedRun(), city = SimulatedRun()
        _ = try await commune.run(toml: DefaultHallText.sample, days: ["2026-11-30"], tickets: 120, seed: 1)
        _ = try await city.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30"], tickets: 120, seed: 2)
        let r = try await queuectl(["report", "--date", "2026-11-30", "--format", "csv", "--db", commune.database, "--db", city.database])
        #expect(r.status == 0, "\(r.err)")
        let rows = r.out.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.filter { $0.count > 4 && $0[4] == "hall" }.count == 2)
        #expect(rows.filter { $0.count > 4 && $0[4] == "level" }.map { String($0[5]) } == ["ward", "city"])
        #expect(rows.filter { $0.count > 4 && $0[4] == "total" }.count == 1)
    }

    @Test func aReportFromACopyWithNoHallFileUsesTheHallTheDatabaseRecorded() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Europe/Berlin"), days: ["2026-11-30"], tickets: 80, seed: 4)
        // In a folder of its own: SQLite may put -wal and -shm files beside a database it opens.
        let folder = try TemporaryFolder("copy")
        defer { folder.remove() }
        let copy = folder.file("copy.sqlite")
        let backup = try await queuectl(["backup", "--state-dir", run.stateDir, "--out", copy])
        #expect(backup.status == 0, "\(backup.err)")
        let r = try await queuectl(["report", "--date", "2026-11-30", "--format", "json", "--db", copy])
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.err.contains("sample hall"))
        #expect(r.out.contains("\"name\" : \"Trung tâm hành chính công 24 giờ\""))
        #expect(r.out.contains("\"timeZone\" : \"Europe/Berlin\""))
        // The same hall twice, as the file and as its copy, is refused by its identity.
        let twice = try await queuectl(["report", "--date", "2026-11-30", "--db", run.database, "--db", copy])
        #expect(twice.status == 65)
        #expect(twice.err.contains("are the same hall"), "\(twice.err)")
    }

    /// The wait targets changed between two days of a copy never tallied: `report --db` counts each
    /// day against the config recorded for it; `--config` counts every row against the file given.
    @Test func eachDayCountsAgainstItsOwnTargetsUnlessAConfigIsGiven() async throws {
        let folder = try TemporaryFolder("targets")
        defer { folder.remove() }
        // The sample hall, and the same with a one-minute wait target for every service.
        let strictText = DefaultHallText.sample.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("wait_target_minutes") }
            .flatMap { $0.trimmingCharacters(in: .whitespaces) == "[[service]]" ? [$0, "wait_target_minutes = 1"] : [$0] }.joined(separator: "\n")
        let loose = try SimulatedHall.parse(DefaultHallText.sample, file: "sample")
        let strict = try SimulatedHall.parse(strictText, file: "strict")
        #expect(strict.services.allSatisfy { $0.waitTarget == 60 })
        try strictText.write(toFile: folder.file("strict.toml"), atomically: true, encoding: .utf8)
        let days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]
        let store = try QueueStore(path: folder.file("queue.sqlite"))
        try store.recordHallConfig(loose)
        try Simulation(scenario: Scenario(ticketsPerDay: 150), seed: 8).offlineEvents(days: days, config: loose) { events in
            if events.contains(where: { $0.ticket?.day == days[2] }) { try store.recordHallConfig(strict) }
            try store.write { try $0.append(events) }
        }
        // What each reading must say: counted in this process from the rows.
        let rows = { (from: String, to: String) in try store.read { db in try QueueStore.reportRows(db, from: from, to: to) } }
        var eachOwn = ReportTally(), allStrict = ReportTally()
        eachOwn.add(try rows(days[0], days[1]), config: loose)
        eachOwn.add(try rows(days[2], days[3]), config: strict)
        allStrict.add(try rows(days[0], days[3]), config: strict)
        func within(_ tally: ReportTally) -> Int { HallReport.make(tally: tally, config: strict, from: days[0], to: days[3]).total.withinTarget.count }
        #expect(within(eachOwn) > within(allStrict))

        func reportedWithin(_ extra: [String]) async throws -> Int? {
            let r = try await queuectl(["report", "--from", days[0], "--to", days[3], "--format", "json", "--db", folder.file("queue.sqlite")] + extra)
            #expect(r.status == 0, "\(r.err)")
            let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            return ((json?["total"] as? [String: Any])?["withinTarget"] as? [String: Any])?["count"] as? Int
        }
        #expect(try await reportedWithin([]) == within(eachOwn))
        #expect(try await reportedWithin(["--config", folder.file("strict.toml")]) == within(allStrict))
    }

    /// A database from before citizens' ratings were kept (no rating table) still gives its
    /// report, which says ratings are not kept there; the current one says none were given.
    @Test func aDatabaseFromBeforeRatingsStillReports() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30"], tickets: 40, seed: 5)
        let now = try await queuectl(["report", "--date", "2026-11-30", "--db", run.database])
        #expect(now.status == 0 && now.out.contains("none given in this span"), "\(now.err)")
        let folder = try TemporaryFolder("older")
        defer { folder.remove() }
        let older = folder.file("older.sqlite")
        #expect(try await queuectl(["backup", "--state-dir", run.stateDir, "--out", older]).status == 0)
        try await DatabaseQueue(path: older).write { db in
            try db.execute(sql: "DROP TABLE rating; DELETE FROM grdb_migrations WHERE identifier = 'v4-rating'")
        }
        let r = try await queuectl(["report", "--date", "2026-11-30", "--db", older])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("ratings of their visits, on the phone page or the counter board (Đánh giá của công dân): not kept here."), "\(r.out)")
    }
}
