import Foundation
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// `queuectl restore`, as an operator under stress would use it.
@Suite(.serialized) struct RestoreTests {
    func queuectl(_ arguments: [String]) async throws -> (status: Int32?, out: String, err: String) {
        let ctl = try RunningBinary("queuectl", arguments)
        let deadline = Date() + 30
        while ctl.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return (ctl.isRunning ? nil : ctl.stop(), ctl.out, ctl.err)
    }

    func issue(_ coordinator: CoordinatorProcess) async throws -> String {
        let reply = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
        return reply.issuedTicket?.label ?? "?"
    }

    @Test func aSameDayRestoreNeedsForceAndNeverGivesANumberTwice() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        for _ in 0..<3 { _ = try await issue(coordinator) }
        // In a folder of its own: SQLite may put -wal and -shm files beside a database it opens.
        let folder = try TemporaryFolder("backup")
        defer { folder.remove() }
        let backup = folder.file("backup.sqlite")
        #expect(try await queuectl(["backup", "--out", backup, "--state-dir", coordinator.stateDir]).status == 0)
        #expect(try await issue(coordinator) == "A004")
        #expect(try await issue(coordinator) == "A005")

        let running = try await queuectl(["restore", backup, "--state-dir", coordinator.stateDir])
        #expect(running.status == 75 && running.err.contains("stop it first"), "\(running)")

        coordinator.kill(SIGKILL) // as after a crash: a -wal file is left beside the database
        let sameDay = try await queuectl(["restore", backup, "--state-dir", coordinator.stateDir])
        #expect(sameDay.status == 1 && sameDay.err.contains("--force"), "\(sameDay)")
        let forced = try await queuectl(["restore", backup, "--state-dir", coordinator.stateDir, "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(!FileManager.default.fileExists(atPath: coordinator.stateDir + "/queue.sqlite-wal"))

        try await coordinator.start()
        #expect(try await coordinator.status().waiting(service: "A").map(\.label) == ["A001", "A002", "A003"])
        #expect(try await issue(coordinator) == "A006", "A004 and A005 were printed before the restore")
    }

    @Test func aDamagedBackupIsRefusedAndTheLiveDatabaseKept() async throws {
        let coordinator = try await CoordinatorProcess()
        coordinator.kill(SIGTERM)
        let folder = try TemporaryFolder("bad")
        defer { folder.remove() }
        let bad = folder.file("bad.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: bad))
        let result = try await queuectl(["restore", bad, "--state-dir", coordinator.stateDir])
        #expect(result.status == 1 && result.err.contains("cannot be read as a database"), "\(result)")
        #expect(FileManager.default.fileExists(atPath: coordinator.stateDir + "/queue.sqlite"))
    }
}
