import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

@Suite struct SubscriptionTests {
    @Test func aSubscriberGetsASnapshotThenEveryEventInOrder() async throws {
        let coordinator = try CoordinatorProcess()
        try await coordinator.openTheHall()
        let pushes = NIOLockedValueBox<[ServerFrame]>([])
        let board = try await coordinator.connect { frame in pushes.withLockedValue { $0.append(frame) } }
        let reply = try await board.send(.subscribe(since: nil))
        for _ in 0..<5 { _ = try await coordinator.send(.command(.issue(service: "C", priority: .normal))) }
        try await waitUntil { pushes.withLockedValue { $0.count } == 6 }
        let frames = pushes.withLockedValue { $0 }
        #expect(frames.first?.type == "snapshot")
        #expect(frames.first?.state?.seq == reply.seq)
        #expect(frames.dropFirst().map { $0.event!.seq } == Array((reply.seq! + 1)...(reply.seq! + 5)))
    }

    @Test func aSubscriberThatReconnectsResumesWithNoGap() async throws {
        let coordinator = try CoordinatorProcess()
        try await coordinator.openTheHall()
        let pushes = NIOLockedValueBox<[ServerFrame]>([])
        let first = try await coordinator.connect { frame in pushes.withLockedValue { $0.append(frame) } }
        _ = try await first.send(.subscribe(since: nil))
        _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
        try await waitUntil { pushes.withLockedValue { $0.count } == 2 }
        let lastSeen = pushes.withLockedValue { $0.last!.event!.seq }
        await first.close()

        // Things happen while it is away.
        for _ in 0..<4 { _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal))) }
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "Vũ Thị Dung")))
        _ = try await coordinator.send(.command(.callNext(counter: 1)))

        let resumed = NIOLockedValueBox<[ServerFrame]>([])
        let second = try await coordinator.connect { frame in resumed.withLockedValue { $0.append(frame) } }
        let reply = try await second.send(.subscribe(since: lastSeen))
        try await waitUntil { resumed.withLockedValue { $0.count } == Int(reply.seq! - lastSeen) }
        let frames = resumed.withLockedValue { $0 }
        #expect(frames.allSatisfy { $0.type == "event" }, "resumed with a backlog, not a snapshot")
        #expect(frames.map { $0.event!.seq } == Array((lastSeen + 1)...reply.seq!))
    }

    @Test func aMirrorConvergesAfterTheCoordinatorIsKilledAndComesBack() async throws {
        let coordinator = try CoordinatorProcess()
        try await coordinator.openTheHall()
        let board = try await coordinator.addDevice("board-1", .display)
        let snapshots = NIOLockedValueBox(0)
        let address = NIOLockedValueBox(coordinator.address)
        let mirror = HallMirror(key: board, locate: { address.withLockedValue { $0 } }) { update in
            if case .snapshot = update { snapshots.withLockedValue { $0 += 1 } }
        }
        let running = Task { await mirror.run() }
        defer { running.cancel() }
        for _ in 0..<3 { _ = try await coordinator.send(.command(.issue(service: "E", priority: .normal))) }
        try await waitUntil { mirror.state?.tickets.count == 3 }

        coordinator.kill(SIGKILL)
        try coordinator.restart()
        address.withLockedValue { $0 = coordinator.address } // the restarted coordinator has a new port
        for _ in 0..<2 { _ = try await coordinator.send(.command(.issue(service: "E", priority: .normal))) }
        let truth = try await coordinator.status()
        try await waitUntil(seconds: 5) { mirror.state?.seq == truth.seq }
        #expect(mirror.state == truth)
        #expect(mirror.gapsDetected == 0)
        #expect(snapshots.withLockedValue { $0 } == 1, "it resumed from its sequence instead of taking a new snapshot")
    }

    func waitUntil(seconds: Double = 3, _ condition: () -> Bool) async throws {
        let deadline = Date() + seconds
        while !condition() {
            guard Date() < deadline else {
                Issue.record("timed out waiting")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
