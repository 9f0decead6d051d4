import Foundation
import GRDB
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Hostile or broken peers on the hall LAN, against the real coordinator binary: the hall keeps
/// issuing, and the peer loses only its own connection.
@Suite(.serialized) struct OneClientCannotHurtTheHallTests {
    /// `count` status requests as framed bytes, ids 1…count, to send in one go.
    static func statusFlood(_ count: Int) -> [UInt8] {
        var burst: [UInt8] = []
        for i in 1...count {
            let body = Array(#"{"type":"request","id":\#(i),"op":"status"}"#.utf8)
            burst += withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
        }
        return burst
    }

    @Test func aStatusFloodThatIsNeverReadIsCutOffWhileTheHallKeepsIssuing() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let board = try await coordinator.addDevice("board-1", .display)
        let flooder = try coordinator.authenticatedPeer(board)
        // 10,000 pipelined status requests (each answered with the whole hall), never read.
        let burst = Self.statusFlood(10_000)
        let bytes = burst
        let sender = Thread { flooder.send(bytes) }
        sender.start()
        // Meanwhile citizens still get tickets.
        for _ in 0..<20 {
            _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
        }
        // The flooder, who reads nothing (the test never reads from it), is cut off once its
        // replies have waited 10 s.
        let line = "closing a connection that has not read its replies for 10 s"
        for _ in 0..<60 where !coordinator.log.contains(line) { try await Task.sleep(for: .milliseconds(500)) }
        #expect(coordinator.log.contains(line), "\(coordinator.log)")
        #expect(try await coordinator.status().waiting(service: "A").count == 20)
    }

    /// However many requests one read carries, the coordinator answers at most a few dozen of a
    /// peer that does not read: the rest wait unanswered, as they would in the socket. Before,
    /// every frame of a read was answered (each status a copy of the whole hall) while the hall's
    /// commits sent status through the writer, and a flood grew the coordinator by ~40 MB.
    @Test func aFloodThatIsNeverReadHoldsOnlyAFewRepliesInTheCoordinator() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        for _ in 0..<200 { _ = try await coordinator.send(.command(.issue(service: "B", priority: .normal))) } // a big status
        let board = try await coordinator.addDevice("board-1", .display)
        let flooder = try coordinator.authenticatedPeer(board)
        let burst = Self.statusFlood(10_000)
        let pid = coordinator.process.processIdentifier
        func residentMB() -> Double {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        let before = residentMB()
        let bytes = burst
        let sender = Thread { flooder.send(bytes) }
        sender.start()
        var peak = before
        // Commits meanwhile (each one sends the next status through the writer).
        for _ in 0..<100 {
            _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)))
            peak = max(peak, residentMB())
        }
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(100))
            peak = max(peak, residentMB())
        }
        #expect(peak - before <= 20, "the coordinator grew by \(peak - before) MB for one peer's unread replies")
    }

    @Test func aCrowdOfSilentSocketsDoesNotKeepARealDeviceOut() async throws {
        let coordinator = try await HallInProcess(arguments: ["--max-unauthenticated", "32", "--handshake-timeout", "60"])
        try await coordinator.openTheHall()
        let kioskKey = try await coordinator.addDevice("kiosk-1", .kiosk)
        // Many more sockets than the cap, none of which ever authenticates.
        let crowd = try (0..<200).map { _ in try RawPeer(port: coordinator.port) }
        _ = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), key: kioskKey)
        try await Task.sleep(for: .milliseconds(300))
        #expect(crowd.filter { $0.drainNonBlocking() }.count >= 200 - 32)
    }

    @Test func aCleanStopLeavesEverythingInTheDatabaseFileAlone() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        for _ in 0..<5 { _ = try await coordinator.send(.command(.issue(service: "B", priority: .normal))) }
        coordinator.kill(SIGTERM)
        // In a folder of its own: opening the copy makes -wal and -shm files beside it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alone-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/queue.sqlite"
        try FileManager.default.copyItem(atPath: coordinator.stateDir + "/queue.sqlite", toPath: copy)
        var config = Configuration()
        config.readonly = true
        let database = try DatabaseQueue(path: copy, configuration: config)
        let count = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket") }
        #expect(count == 5)
    }

    func startRefusal(_ prepare: (String) async throws -> Void) async throws -> (status: Int32?, err: String) {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        try await prepare(stateDir + "/queue.sqlite")
        let coordinator = try RunningBinary("queue-coordinator", ["--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0", "--no-discovery"])
        return (await CoordinatorAwayTests.finish(coordinator), coordinator.err)
    }

    @Test func aForeignDatabaseIsRefusedAndLeftAlone() async throws {
        let result = try await startRefusal { path in
            try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1)") }
        }
        #expect(result.status == 78, "\(result.err)")
        #expect(result.err.contains("is not a queue database (it holds the tables invoices)"), "\(result.err)")
    }

    @Test func aDatabaseFromANewerVersionIsRefused() async throws {
        let result = try await startRefusal { path in
            // A database this version made, then migrated by a "newer" one.
            let made = try RunningBinary("queue-coordinator", ["--state-dir", (path as NSString).deletingLastPathComponent, "--host", "127.0.0.1",
                                                                "--port", "0", "--no-discovery"])
            await made.wait(seconds: 20) { out, _ in out.contains("listening") }
            made.stop()
            try await DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        }
        #expect(result.status == 78, "\(result.err)")
        #expect(result.err.contains("was written by a newer version of queue-coordinator"), "\(result.err)")
    }

    @Test func aFileThatIsNotSQLiteIsRefused() async throws {
        let result = try await startRefusal { path in try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: path)) }
        #expect(result.status == 78, "\(result.err)")
        #expect(result.err.contains("is not an SQLite database, or is damaged"), "\(result.err)")
    }
}
