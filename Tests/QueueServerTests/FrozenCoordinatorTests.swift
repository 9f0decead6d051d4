import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Issue 12, "what was seen" 4: during a 60 s freeze of the coordinator (SIGSTOP), a kiosk's tap
/// was issued and printed 55 s later, when the citizen had most likely gone. A tap's issue carries
/// a deadline; a coordinator that thaws after it refuses the issue, and no ticket exists that
/// nobody saw.
@Suite struct FrozenCoordinatorTests {
    @Test func anIssueThatReachesAFrozenCoordinatorAfterItsDeadlineIsRefusedWhenItThaws() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frozen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Open around the clock, so the test passes at any hour on the system clock (a freeze lets
        // real time pass; a virtual clock would stand still).
        try TestHalls.allDay(zone: "Asia/Ho_Chi_Minh").write(toFile: dir + "/hall.toml", atomically: true, encoding: .utf8)
        let coordinator = try await CoordinatorProcess(virtualClock: false, arguments: ["--config", dir + "/hall.toml"])
        let kiosk = try await coordinator.connect()
        let pid = coordinator.process.processIdentifier

        // The kiosk's tap: it may be carried out for 1 s; the coordinator thaws after 3 s.
        let deadline = Date() + 1
        kill(pid, SIGSTOP)
        let tap = Task { try await kiosk.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-frozen", deadline: deadline) }
        try await Task.sleep(for: .seconds(3))
        kill(pid, SIGCONT)

        do {
            let reply = try await tap.value
            Issue.record("a ticket nobody waited for was issued: \(reply.issuedTicket?.label ?? "?")")
        } catch let error as QueueError {
            #expect(error.code == .expired, "\(error)")
        }
        #expect(try await coordinator.status().tickets.isEmpty, "the late tap left a ticket behind")
        // A tap in time after the thaw is issued as usual, with the hall's first number.
        let onTime = try await kiosk.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-after", deadline: Date() + 10)
        #expect(onTime.issuedTicket?.label == "A001")
        await kiosk.close()
    }

    /// Issue 14: a board's link that stops answering (here a frozen coordinator) is reported slow
    /// within seconds, long before it is given up as dead, and fast again once it answers.
    @Test func aMirrorSaysWhenTheLinkTurnsSlowAndWhenItIsFastAgain() async throws {
        let coordinator = try await CoordinatorProcess()
        let updates = NIOLockedValueBox<[Bool]>([])
        let connected = NIOLockedValueBox(false)
        let failures = NIOLockedValueBox<[String]>([])
        let address = CoordinatorAddress(host: "127.0.0.1", port: coordinator.port)
        let mirror = HallMirror(key: coordinator.managerKey, locate: { address }) { update in
            if case .slow(let slow) = update { updates.withLockedValue { $0.append(slow) } }
            if case .connection(true, _) = update { connected.withLockedValue { $0 = true } }
            if case .connection(false, let reason) = update { failures.withLockedValue { $0.append(reason ?? "?") } }
        }
        let running = Task { await mirror.run() }
        defer { running.cancel() }
        let start = ContinuousClock.now
        while !connected.withLockedValue({ $0 }) && ContinuousClock.now - start < .seconds(20) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(connected.withLockedValue { $0 }, "the mirror never connected: \(failures.withLockedValue { $0 })")
        // A few healthy round trips first.
        try await Task.sleep(for: .seconds(3))
        #expect(updates.withLockedValue { $0 }.isEmpty, "a healthy link was called slow")
        let pid = coordinator.process.processIdentifier
        kill(pid, SIGSTOP)
        let frozeAt = ContinuousClock.now
        while updates.withLockedValue({ $0 }).isEmpty && ContinuousClock.now - frozeAt < .seconds(20) { try await Task.sleep(for: .milliseconds(100)) }
        kill(pid, SIGCONT)
        #expect(updates.withLockedValue { $0 } == [true], "no slow link reported within 20 s of the freeze")
        print("slow link reported \(ContinuousClock.now - frozeAt) after the freeze")
        let thawedAt = ContinuousClock.now
        while updates.withLockedValue({ $0 }).count < 2 && ContinuousClock.now - thawedAt < .seconds(20) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(updates.withLockedValue { $0 } == [true, false])
    }
}
