import Foundation
import GRDB
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// A commit that fails (full disk, failing card) acknowledges nothing, and the coordinator goes on
/// from what the database holds: the writer reloads its state, so no number is skipped or reused.
@Suite struct FailedCommitTests {
    @Test func aFailedCommitChangesNothingAndTheNextTicketFollowsOn() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let issue = Request.command(.issue(service: "A", priority: .normal))
        for _ in 0..<2 { _ = try await coordinator.send(issue) }
        // Every ticket row insert fails, as on a full disk, until the trigger is dropped.
        // It waits its turn for the write lock, as the coordinator's own writer (a tick) may hold it.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let database = try DatabaseQueue(path: coordinator.stateDir + "/queue.sqlite", configuration: configuration)
        try await database.write { try $0.execute(sql: "CREATE TRIGGER fail_for_test BEFORE INSERT ON ticket BEGIN SELECT RAISE(ABORT, 'injected failure'); END") }
        for _ in 0..<3 {
            do {
                _ = try await coordinator.send(issue)
                Issue.record("an issue was acknowledged though its commit must fail")
            } catch let error as QueueError {
                #expect(error.code == .storage, "\(error)")
            }
        }
        try await database.write { try $0.execute(sql: "DROP TRIGGER fail_for_test") }
        let reply = try await coordinator.send(issue)
        #expect(reply.issuedTicket?.label == "A003")
        #expect(try await coordinator.status().waiting(service: "A").map(\.label) == ["A001", "A002", "A003"])
        let rows = try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM ticket") }
        #expect(rows == 3)
    }
}
