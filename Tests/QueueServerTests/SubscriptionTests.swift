import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

@Suite struct SubscriptionTests {
    @Test func aSubscriberGetsASnapshotThenEveryEventInOrder() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let pushes = NIOLockedValueBox<[Push]>([])
        let board = try await coordinator.connect { push in pushes.withLockedValue { $0.append(push) } }
        let seq = try await Self.subscribe(board, since: nil)
        for _ in 0..<5 { _ = try await coordinator.send(.command(.issue(service: "C", priority: .normal))) }
        try await waitUntil { pushes.withLockedValue { $0.count } == 6 }
        let frames = pushes.withLockedValue { $0 }
        guard case .snapshot(let state, _)? = frames.first else { Issue.record("no snapshot first: \(frames)"); return }
        #expect(state.seq == seq)
        #expect(frames.dropFirst().map { Self.seq($0) } == Array((seq + 1)...(seq + 5)))
    }

    @Test func aSubscriberThatReconnectsResumesWithNoGap() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let pushes = NIOLockedValueBox<[Push]>([])
        let first = try await coordinator.connect { push in pushes.withLockedValue { $0.append(push) } }
        _ = try await Self.subscribe(first, since: nil)
        _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
        try await waitUntil { pushes.withLockedValue { $0.count } == 2 }
        let lastSeen = pushes.withLockedValue { Self.seq($0.last!) }
        await first.close()

        // Things happen while it is away.
        for _ in 0..<4 { _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal))) }
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "Vũ Thị Dung")))
        _ = try await coordinator.send(.command(.callNext(counter: 1)))

        let resumed = NIOLockedValueBox<[Push]>([])
        let second = try await coordinator.connect { push in resumed.withLockedValue { $0.append(push) } }
        let seq = try await Self.subscribe(second, since: lastSeen)
        try await waitUntil { resumed.withLockedValue { $0.count } == Int(seq - lastSeen) }
        let frames = resumed.withLockedValue { $0 }
        #expect(frames.allSatisfy { if case .event = $0 { true } else { false } }, "resumed with a backlog, not a snapshot")
        #expect(frames.map { Self.seq($0) } == Array((lastSeen + 1)...seq))
    }

    @Test func aMirrorConvergesAfterTheCoordinatorIsKilledAndComesBack() async throws {
        let coordinator = try await CoordinatorProcess()
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
        try await coordinator.restart()
        address.withLockedValue { $0 = coordinator.address } // the restarted coordinator has a new port
        for _ in 0..<2 { _ = try await coordinator.send(.command(.issue(service: "E", priority: .normal))) }
        let truth = try await coordinator.status()
        try await waitUntil { mirror.state?.seq == truth.seq }
        #expect(mirror.state == truth)
        #expect(mirror.gapsDetected == 0)
        #expect(snapshots.withLockedValue { $0 } == 1, "it resumed from its sequence instead of taking a new snapshot")
    }

    /// Subscribes; the sequence number the snapshot or backlog brings the subscriber to.
    static func subscribe(_ connection: QueueConnection, since: Int64?) async throws -> Int64 {
        guard case .subscribed(let seq, _) = try await connection.send(.subscribe(since: since)) else { throw QueueError(.test, "no seq in the subscribe reply") }
        return seq
    }

    /// An event's sequence number, or the snapshot's.
    static func seq(_ push: Push) -> Int64 {
        switch push {
        case .event(let event): return event.seq
        case .snapshot(let state, _): return state.seq
        }
    }

    /// Waits for `condition`; generous, as the whole suite runs real processes side by side on two cores.
    func waitUntil(seconds: Double = 15, _ condition: () -> Bool) async throws {
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
