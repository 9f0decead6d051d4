import Foundation
import QueueClient
import QueueConfig
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import QueueWire
import ReportStore
import Testing

/// One day built by hand through the real coordinator on its virtual clock, Monday 2026-11-30 in
/// the sample hall (Hanoi, 07:30–11:30 and 13:30–17:00), with a no-show after a recall, a
/// transfer, a cancellation (a citizen who gave up), one citizen still waiting at closing and a
/// dossier over its ceiling. Every figure below is worked out by hand from the script.
@Suite(.serialized)
struct KnownAnswerTests {
    // Monday 2026-11-30 08:00 in Hanoi.
    static let eight = Date(timeIntervalSince1970: 1_796_000_400)
    static func at(_ minutes: Double) -> Date { eight + minutes * 60 }

    /// The day, as (minutes after 08:00, request).
    static let script: [(Double, Request)] = [
        (0, .command(.signIn(counter: 1, clerk: "Nguyễn Văn An"))),     // counter 1 serves A
        (0, .command(.signIn(counter: 5, clerk: "Trần Thị Bình"))),     // counter 5 serves D, then C
        (0, .command(.issue(service: "A", priority: .normal))),          // A001, citizen 1
        (0, .command(.issue(service: "A", priority: .normal))),          // A002, citizen 2
        (2, .command(.issue(service: "A", priority: .normal))),          // A003, citizen 3
        (5, .command(.issue(service: "D", priority: .normal))),          // D001, citizen 4
        (5, .command(.issue(service: "A", priority: .normal))),          // A004, citizen 5
        (10, .command(.callNext(counter: 1))),                           // A001 waited 10
        (11, .command(.start(counter: 1))),
        (12, .command(.callNext(counter: 5))),                           // D001 waited 7
        (13, .command(.start(counter: 5))),
        (20, .command(.finish(counter: 5))),                             // D001 served 7 min
        (20, .command(.transfer(counter: 1, to: "D"))),                  // A001 handed over to D at 08:20
        (20, .command(.callNext(counter: 1))),                           // A002 waited 20
        (22, .command(.recall(counter: 1))),
        (25, .command(.noShow(counter: 1))),                             // A002 no-show
        (25, .command(.callNext(counter: 1))),                           // A003 waited 23
        (26, .command(.start(counter: 1))),
        (30, .command(.callNext(counter: 5))),                           // A001 in D waited 10 after the hand-over
        (31, .command(.start(counter: 5))),
        (35, .command(.finish(counter: 5))),                             // A001 served in D
        (35, .command(.cancel(label: "A004"))),                          // A004 gave up after 30
        (60, .command(.finish(counter: 1))),                             // A003 served 34 min: over A's 30
        (8 * 60, .command(.issue(service: "A", priority: .normal))),     // A005 at 16:00, still waiting at 17:00
    ]

    @Test func everyFigureOfAHandMadeDayIsTheOneWorkedOutByHand() async throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("known-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let coordinator = try await LocalCoordinator.start(stateDir: stateDir, configText: DefaultHall.toml, clockStart: Self.at(-60))
        let connection = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        for (minutes, request) in Self.script {
            _ = try await connection.send(.setClock(Self.at(minutes)))
            do { _ = try await connection.send(request) } catch { Issue.record("\(request) at +\(minutes) min: \(error)") }
        }
        // The next day begins: the day closes, A005 ends open at close.
        _ = try await connection.send(.setClock(Self.at(16 * 60 + 1)))
        await connection.close()
        await coordinator.stop()

        // The database alone (no hall.toml needed): its recorded config is the sample hall's.
        try FileManager.default.removeItem(atPath: stateDir + "/hall.toml")
        let data = try ReportReader(path: stateDir + "/queue.sqlite").reportData(from: "2026-11-30", to: "2026-11-30")
        let config = try #require(data.recordedConfig)
        #expect(config == HallConfigLoader.defaultHall())
        let r = data.report(config: config, from: "2026-11-30", to: "2026-11-30", context: data.context())
        let minute = 60.0

        // Citizens: 6 visits. Waits of those called: A001 10 + 10 = 20, A002 20, A003 23, D001 7.
        let v = r.visits
        #expect(v.visits == 6 && v.called == 4 && v.neverCalled == 2)
        #expect(v.served == 3 && v.noShow == 1 && v.cancelled == 1 && v.openAtClose == 1 && v.transferred == 1)
        #expect(v.wait?.mean == 17.5 * minute)                  // (20 + 20 + 23 + 7) / 4
        #expect(v.wait?.median == 20 * minute)                  // rank 2 of 7, 20, 20, 23
        #expect(v.wait?.p90 == 23 * minute && v.wait?.max == 23 * minute && v.wait?.min == 7 * minute)
        // Never called: A004 gave up after 30 min; A005 waited 16:00 to closing at 17:00.
        #expect(v.waitNeverCalled?.mean == 45 * minute)
        #expect(abs(v.meanWaitAtLeast! - 160.0 / 6 * minute) < 1e-9)   // 26:40, over 15:00
        #expect(v.meanWaitMet == false)
        #expect(v.withinTarget == Share(count: 1, of: 6))       // only D001's 7 minutes
        // Issue to end, served: A001 35, A003 58, D001 15 minutes.
        #expect(v.time?.mean == 36 * minute && v.time?.max == 58 * minute)
        #expect(r.waitHistogram.map(\.count) == [0, 1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0])

        // Legs: 7 rows (6 issued, 1 transferred in); waits from joining each queue: 10, 20, 23, 7, 10.
        let t = r.total
        #expect(t.issued == 6 && t.transferredIn == 1 && t.called == 5)
        #expect(t.served == 3 && t.noShow == 1 && t.transferred == 1 && t.cancelled == 1 && t.openAtClose == 1)
        #expect(t.wait?.mean == 14 * minute && t.wait?.max == 23 * minute)
        #expect(t.withinTarget == Share(count: 3, of: 5))       // 10, 7, 10
        // Service: A001 in A 9 min (transferred while served), D001 7, A001 in D 4, A003 34.
        #expect(t.service?.count == 4 && t.service?.mean == 13.5 * minute && t.service?.max == 34 * minute)
        #expect(t.serviceTarget == nil)                          // A's 30 and D's 10 are never blended
        #expect(r.services.first { $0.key == "D" }?.figures.wait?.mean == 8.5 * minute)   // 7 and 10
        #expect(r.services.first { $0.key == "A" }?.figures.serviceTarget == 30 * minute)

        // Over the ceiling: A003 only, 34:00 against A's 30:00, at counter 1 by An, from 08:26.
        #expect(r.overTarget.dossiers.count == 1)
        let over = try #require(r.overTarget.dossiers.first)
        #expect(over.label == "A003" && over.service == "A" && over.clerk == "Nguyễn Văn An" && over.counter == 1)
        #expect(over.duration == 34 * minute && over.ceiling == 30 * minute)
        #expect(over.start == Int64(Self.at(26).timeIntervalSince1970 * 1000))
        #expect(r.overTarget.byHour.map { "\($0.key):\($0.count)/\($0.of)" } == ["08:1/4"])
        #expect(r.handling.first { $0.service == "A" }.map { ($0.dossiers, $0.over) }! == (2, 1))

        // Clerks: An received A003 (A001 went on to D, A002 was a no-show); Bình D001 and A001.
        // 1 January to 30 November 2026: 286 of the sample hall's 313 working days (Mon–Sat).
        #expect(r.clerks.map(\.clerk) == ["Nguyễn Văn An", "Trần Thị Bình"])
        #expect(r.clerks.map(\.received) == [1, 2] && r.clerks.map(\.yearToDate) == [1, 2])
        #expect(r.clerks.allSatisfy { $0.daysElapsed == 286 && $0.daysInYear == 313 && !$0.paceMet })
        #expect(r.clerks[0].spanTarget == 1800.0 / 313)
        #expect(r.clerks[1].projection == 2.0 / 286 * 313)

        // By time of day: five citizens came 08:00–09:00, one 16:00–17:00, none in the hours
        // between, which are shown empty rather than left out.
        #expect(r.intervals.map { "\($0.key):\($0.visits!.visits)" }
                == ["08:00:5", "09:00:0", "10:00:0", "11:00:0", "12:00:0", "13:00:0", "14:00:0", "15:00:0", "16:00:1"])
    }
}
