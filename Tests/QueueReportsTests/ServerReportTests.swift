import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueReports
import QueueSimulator
import QueueStore
import QueueTestSupport
import QueueWire
import ReportStore
import Testing

/// The `report` op: the coordinator computes the report off its writer and sends only the result.
@Suite(.serialized)
struct ServerReportTests {
    @Test func theReportOpSendsTheSameReportAsTheDatabaseFileAndOnlyToAManager() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30"], tickets: 400, seed: 3, keepRunning: true)
        let coordinator = try #require(run.coordinator)
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        let reply = try await manager.send(.report(from: "2026-11-30", to: "2026-11-30", interval: 15, baseline: ["A": 600]))
        guard case .report(let report) = reply else { Issue.record("no report in \(reply)"); return }
        let overWire = try report.decode(HallReport.self)
        let data = try ReportReader(path: run.database).reportData(from: "2026-11-30", to: "2026-11-30")
        let fromFile = data.report(config: data.recordedConfig!, from: "2026-11-30", to: "2026-11-30",
                                   context: data.context(baseline: Baseline(label: "entered", meanService: ["A": 600]), intervalMinutes: 15))
        #expect(overWire == fromFile)
        #expect(overWire.intervalMinutes == 15 && overWire.baselineLabel == "entered")

        // A day with nothing recorded is a sentence, not an empty report.
        await #expect(throws: QueueError.self) { try await manager.send(.report(from: "2026-12-24", to: "2026-12-24", interval: nil, baseline: nil)) }

        // A counter may not ask for it.
        let added = try await manager.send(.addDevice(name: "counter-1", role: .counter, counter: 1))
        let secret = try #require(added.key.flatMap { Data(base64Encoded: $0) })
        let counterKey = KeyFile(device: "counter-1", role: .counter, counter: 1, key: secret)
        let counter = try await QueueConnection.connect(to: coordinator.address, key: counterKey)
        do {
            _ = try await counter.send(.report(from: "2026-11-30", to: "2026-11-30", interval: nil, baseline: nil))
            Issue.record("a counter was sent a report")
        } catch let error as QueueError {
            #expect(error.code == .forbidden)
        }
        await counter.close()
        await manager.close()
        await run.stop()
    }

    @Test func aClerksRequestIsAnsweredWhileReportsAreBeingMade() async throws {
        let run = SimulatedRun()
        _ = try await run.run(toml: TestHalls.allDay(zone: "Asia/Ho_Chi_Minh"), days: ["2026-11-30", "2026-12-01"], tickets: 2_000, seed: 5, keepRunning: true)
        let coordinator = try #require(run.coordinator)
        // One raw connection sends four reports of two busy days (as many as the coordinator takes
        // at once; it makes them one after another off its writer), then an issue, back to back,
        // and reads the answers in the order the coordinator sent them. The order is the
        // coordinator's alone: the test's own scheduling cannot change it.
        let peer = try RawPeer(port: coordinator.address.port)
        let challenge = try #require(peer.readFrame()?["challenge"] as? String)
        let nonce = Handshake.randomBase64()
        let mac = Handshake.clientMAC(key: coordinator.key.keyData!, challenge: challenge, nonce: nonce, device: coordinator.key.device)
        peer.sendFrame(#"{"type":"auth","protocol":1,"device":"\#(coordinator.key.device)","nonce":"\#(nonce)","mac":"\#(mac)"}"#)
        #expect(peer.readFrame()?["type"] as? String == "welcome")
        for id in 1...4 { peer.sendFrame(#"{"type":"request","id":\#(id),"op":"report","from":"2026-11-30","to":"2026-12-01"}"#) }
        peer.sendFrame(#"{"type":"request","id":5,"op":"issue","service":"A","requestId":"while-reports"}"#)
        let answers: [[String: Any]] = await withCheckedContinuation { done in
            Thread { done.resume(returning: (0..<5).compactMap { _ in peer.readFrame() }) }.start()
        }
        let ids = answers.compactMap { ($0["id"] as? NSNumber)?.intValue }
        #expect(Set(ids) == [1, 2, 3, 4, 5], "\(answers.map { $0["type"] ?? "?" })")
        #expect(answers.allSatisfy { $0["type"] as? String == "reply" })
        #expect(ids.last != 5, "the issue was answered only after every report was made: \(ids)")
        await run.stop()
    }
}
