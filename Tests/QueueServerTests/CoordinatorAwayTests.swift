import DeviceKeys
import Foundation
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Every client, in the build the tests run (debug, as the README's), when the coordinator is not
/// there or goes away and comes back: a sentence, an offline picture, never a crash.
@Suite(.serialized) struct CoordinatorAwayTests {
    /// A key file in `folder` for a device the absent coordinator would know.
    static func someKey(_ role: Role, in folder: TemporaryFolder) throws -> String {
        let path = folder.file("\(role).key")
        try KeyFile(device: "device-1", role: role, key: Data(repeating: 7, count: 32)).write(path: path)
        return path
    }

    static func finish(_ binary: RunningBinary, seconds: Double = 20) async -> Int32? {
        let deadline = Date() + seconds
        while binary.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return binary.isRunning ? nil : binary.stop()
    }

    @Test func queuectlSaysItCannotReachTheCoordinatorAndExits69() async throws {
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let port = CoordinatorProcess.closedPort()
        let ctl = try RunningBinary("queuectl", ["status", "--coordinator", "127.0.0.1:\(port)", "--key-file", try Self.someKey(.manager, in: folder)])
        let status = await Self.finish(ctl)
        #expect(status == 69, "exit \(String(describing: status)): \(ctl.err)")
        #expect(ctl.err.contains("cannot reach the coordinator at 127.0.0.1:\(port): connection refused"), "\(ctl.err)")
        #expect(!ctl.err.contains("Fatal error"))
    }

    @Test func aBoardPictureWithoutTheCoordinatorIsTheOfflineBoard() async throws {
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let png = folder.file("board.png")
        let board = try RunningBinary("queue-display", ["--render-png", png, "--size", "800x480",
                                                        "--coordinator", "127.0.0.1:\(CoordinatorProcess.closedPort())", "--key-file", try Self.someKey(.display, in: folder)])
        #expect(await Self.finish(board) == 0, "\(board.err)")
        #expect(board.err.contains("cannot reach the coordinator"), "\(board.err)")
        #expect(FileManager.default.fileExists(atPath: png))
    }

    @Test func aKioskPictureWithoutTheCoordinatorIsOutOfService() async throws {
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let png = folder.file("kiosk.png")
        let kiosk = try RunningBinary("queue-kiosk", ["--render-png", png, "--size", "800x480",
                                                      "--coordinator", "127.0.0.1:\(CoordinatorProcess.closedPort())", "--key-file", try Self.someKey(.kiosk, in: folder)])
        #expect(await Self.finish(kiosk) == 0, "\(kiosk.err)")
        #expect(kiosk.err.contains("out-of-service"), "\(kiosk.err)")
        #expect(FileManager.default.fileExists(atPath: png))
    }

    @Test func aRunningBoardAndKioskGoOfflineAndComeBackAcrossACoordinatorRestart() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let boardKey = folder.file("board.key"), kioskKey = folder.file("kiosk.key")
        try await coordinator.addDevice("board-1", .display).write(path: boardKey)
        try await coordinator.addDevice("kiosk-1", .kiosk).write(path: kioskKey)
        let address = "127.0.0.1:\(coordinator.port)"
        let board = try RunningBinary("queue-display", ["--windowed", "--size", "640x360", "--mute", "--trace-frames",
                                                        "--coordinator", address, "--key-file", boardKey])
        let kiosk = try RunningBinary("queue-kiosk", ["--windowed", "--size", "640x360", "--trace-frames",
                                                      "--coordinator", address, "--key-file", kioskKey, "--printer", "file:\(folder.file("tickets.bin"))"])
        #expect(await board.wait(seconds: 20) { out, _ in out.contains(" online") }, "\(board.out) \(board.err)")
        #expect(await kiosk.wait(seconds: 20) { out, _ in out.contains("home online") }, "\(kiosk.out) \(kiosk.err)")

        coordinator.kill(SIGTERM)
        #expect(await board.wait(seconds: 10) { out, _ in out.hasSuffix("offline\n") }, "\(board.out) \(board.err)")
        #expect(await kiosk.wait(seconds: 10) { out, _ in out.hasSuffix("out-of-service offline\n") }, "\(kiosk.out) \(kiosk.err)")
        // A debug build used to trap on a dropped promise about a second after the loss.
        try await Task.sleep(for: .seconds(3))
        #expect(board.isRunning && kiosk.isRunning, "\(board.err) \(kiosk.err)")

        try await coordinator.start()
        #expect(await board.wait(seconds: 15) { out, _ in out.hasSuffix("online\n") }, "\(board.out) \(board.err)")
        #expect(await kiosk.wait(seconds: 15) { out, _ in out.hasSuffix("home online\n") }, "\(kiosk.out) \(kiosk.err)")
        // One line when the link was lost, one when it was back; no line per retry.
        for device in [board, kiosk] {
            #expect(device.err.components(separatedBy: "lost the coordinator").count == 2, "\(device.err)")
            #expect(device.err.contains("coordinator back after"), "\(device.err)")
        }
        #expect(board.stop() == 0 && kiosk.stop() == 0)
    }
}

/// Two coordinators on one box (a demo beside the real hall): the second never takes over.
@Suite(.serialized) struct PortTests {
    @Test func aSecondCoordinatorOnTheSameDiscoveryPortRunsWithoutDiscovery() async throws {
        let first = try await HallInProcess()
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let stateDir = folder.file("second")
        let second = try RunningBinary("queue-coordinator", ["--state-dir", stateDir, "--host", "127.0.0.1", "--port", "0",
                                                              "--discovery-port", "\(first.discoveryPort)", "--log-level", "warning"])
        defer { second.stop() }
        #expect(await second.wait(seconds: 20) { out, _ in out.contains("listening") }, "\(second.err)")
        #expect(second.out.contains("discovery=off"), "\(second.out)")
        #expect(second.err.contains("discovery is off: UDP port \(first.discoveryPort) is in use"), "\(second.err)")
        #expect(second.isRunning)
    }

    @Test func aTCPPortInUseIsNamedAndAsksAboutAnotherCoordinator() async throws {
        let first = try await HallInProcess()
        let folder = try TemporaryFolder("away")
        defer { folder.remove() }
        let stateDir = folder.file("second")
        let second = try RunningBinary("queue-coordinator", ["--state-dir", stateDir, "--host", "127.0.0.1", "--port", "\(first.port)",
                                                              "--no-discovery", "--log-level", "warning"])
        #expect(await CoordinatorAwayTests.finish(second) == 69)
        #expect(second.err.contains("queue-coordinator: cannot listen on TCP 127.0.0.1:\(first.port): address already in use; is another coordinator running?"), "\(second.err)")
        #expect(!second.err.contains("Error:"))
    }
}
