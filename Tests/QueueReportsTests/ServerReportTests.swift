import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import QueueWire
import Testing

/// The `report` op: the coordinator computes the report off its writer and sends only the result.
@Suite(.serialized)
struct ServerReportTests {
    @Test func theReportOpSendsTheSameReportAsTheDatabaseFileAndOnlyToAManager() async throws {
        let run = SimulatedRun()
        defer { run.stop() }
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30"], tickets: 400, seed: 3)
        let launcher = run.launcher!
        let manager = try await QueueConnection.connect(to: launcher.address, key: launcher.key)
        defer { Task { await manager.close() } }
        let reply = try await manager.send(.report(from: "2026-11-30", to: "2026-11-30", interval: 15, baseline: ["A": 600]))
        guard case .report(let report) = reply else { Issue.record("no report in \(reply)"); return }
        let overWire = try report.decode(HallReport.self)
        let data = try ReportReader(path: run.database).reportData(from: "2026-11-30", to: "2026-11-30")
        let fromFile = HallReport.make(tickets: data.rows, config: data.recordedConfig!, from: "2026-11-30", to: "2026-11-30",
                                       context: data.context(baseline: Baseline(label: "entered", meanService: ["A": 600]), intervalMinutes: 15))
        #expect(overWire == fromFile)
        #expect(overWire.intervalMinutes == 15 && overWire.baselineLabel == "entered")

        // A day with nothing recorded is a sentence, not an empty report.
        await #expect(throws: QueueError.self) { try await manager.send(.report(from: "2026-12-24", to: "2026-12-24", interval: nil, baseline: nil)) }

        // A counter may not ask for it.
        let added = try await manager.send(.addDevice(name: "counter-1", role: .counter, counter: 1))
        let secret = try #require(added.key.flatMap { Data(base64Encoded: $0) })
        let counterKey = KeyFile(device: "counter-1", role: .counter, counter: 1, key: secret)
        let counter = try await QueueConnection.connect(to: launcher.address, key: counterKey)
        defer { Task { await counter.close() } }
        do {
            _ = try await counter.send(.report(from: "2026-11-30", to: "2026-11-30", interval: nil, baseline: nil))
            Issue.record("a counter was sent a report")
        } catch let error as QueueError {
            #expect(error.code == .forbidden)
        }
    }

    @Test func aClerksRequestIsAnsweredWhileReportsAreBeingMade() async throws {
        let run = SimulatedRun()
        defer { run.stop() }
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30", "2026-12-01"], tickets: 2_000, seed: 5)
        let launcher = run.launcher!
        let manager = try await QueueConnection.connect(to: launcher.address, key: launcher.key)
        let hall = try await QueueConnection.connect(to: launcher.address, key: launcher.key)
        defer { Task { await manager.close(); await hall.close() } }
        let finished = NIOLockedValueBox(0)
        // Four reports of two busy days (as many as it takes at once), made one after another on the
        // coordinator's report queue.
        let reports = (0..<4).map { _ in
            Task {
                let reply = try await manager.send(.report(from: "2026-11-30", to: "2026-12-01", interval: nil, baseline: nil))
                finished.withLockedValue { $0 += 1 }
                if case .report = reply { return true } else { return false }
            }
        }
        // Once the queue is at work (the first report is made, three wait), the hall goes on: a
        // ticket is issued and acknowledged through the writer. Waiting for the first report rather
        // than a fixed time keeps this true on a machine of any speed.
        while finished.withLockedValue({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let issued = try await hall.send(.command(.issue(service: "A", priority: .normal)))
        let whileRunning = finished.withLockedValue { $0 }
        #expect(!issued.events.isEmpty)
        #expect(whileRunning < 4, "the issue was answered only after every report was made")
        for r in reports { #expect(try await r.value) }
    }
}
