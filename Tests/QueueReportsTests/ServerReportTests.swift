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

extension ServerReportTests {
    /// A day with bookings, on a virtual Monday 2026-11-30 from 08:00: a booked citizen who
    /// checked in at 08:00 for 08:30 and was called at 08:30 waited 0 (from the slot), not 30
    /// minutes; the walk-in issued at 08:00 and called at 08:10 waited 10. The report says so in
    /// its headline and in the appointments section, with one booking not come and one cancelled.
    @Test func aBookedCitizensWaitCountsFromTheSlot() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        func send(_ r: Request) async throws -> Reply { try await hall.send(r, requestId: UUID().uuidString) }
        _ = try await send(.setAppointmentCapacity(service: "A", perSlot: 3))
        var codes: [String] = []
        for _ in 0..<3 {
            guard case .appointments(let a, _) = try await send(.bookAppointment(service: "A", day: "2026-11-30", minute: 8 * 60 + 30)) else { return }
            codes.append(a[0].code)
        }
        _ = try await send(.cancelAppointment(day: "2026-11-30", code: codes[2]))
        _ = try await send(.command(.signIn(counter: 1, clerk: "c1")))
        let walkIn = try await send(.command(.issue(service: "A", priority: .normal))).issuedTicket!
        let booked = try await send(.checkIn(code: codes[0])).issuedTicket!
        // A morning report, before anybody is called: bookings, no waits yet.
        guard case .report(let early) = try await hall.send(.report(from: "2026-11-30", to: "2026-11-30", interval: nil, baseline: nil)) else { return }
        let before = try #require(try early.decode(HallReport.self).appointments)
        #expect((before.booked, before.onTime, before.notCome, before.bookedCalled, before.walkInCalled) == (2, 1, 1, 0, 0))
        #expect(before.bookedMeanWait == nil)
        _ = try await send(.advanceClock(600))
        #expect(try await send(.command(.callNext(counter: 1))).calledTicket?.id == walkIn.id)
        _ = try await send(.command(.start(counter: 1)))
        _ = try await send(.command(.finish(counter: 1)))
        _ = try await send(.advanceClock(20 * 60))
        #expect(try await send(.command(.callNext(counter: 1))).calledTicket?.id == booked.id)
        _ = try await send(.command(.start(counter: 1)))
        _ = try await send(.command(.finish(counter: 1)))

        guard case .report(let json) = try await hall.send(.report(from: "2026-11-30", to: "2026-11-30", interval: nil, baseline: nil)) else { return }
        let report = try json.decode(HallReport.self)
        #expect(report.total.wait?.mean == 300, "(10 min + 0) / 2, not (10 + 30) / 2")
        let a = try #require(report.appointments)
        #expect((a.booked, a.onTime, a.late, a.notCome, a.cancelled) == (2, 1, 0, 1, 1))
        #expect((a.bookedCalled, a.bookedMeanWait, a.walkInCalled, a.walkInMeanWait) == (1, 0, 1, 600))
        #expect((a.bookedWithinTarget, a.walkInWithinTarget) == (1, 1), "A's target is 15 minutes")
        #expect(TextReport.render(report).contains("Booked citizens, from the slot: 1 called, mean 0:00, longest 0:00, within target 1 of 1 (100%)"))
        #expect(HTMLReport.render(report).contains("<h2>Lịch hẹn · <span lang=\"en\">Appointments</span></h2>"))
    }
}
