import AppLog
import Foundation
import QueueCore
import QueueTestSupport
import Testing

/// The programs under systemd's Type=notify: READY=1 once they listen (the coordinator) or have
/// drawn their first frame (a board, a kiosk), then WATCHDOG=1 from the loop that must not hang:
/// the coordinator's writer at its 10 s tick, a screen's drawing loop at least every 5 s.
@Suite struct SystemdNotifyTests {
    @Test func outsideSystemdNothingIsSentAndTheWatchdogIsOnlyForThisProcess() {
        #expect(!SystemdNotify(environment: [:]).watchdog)
        #expect(!SystemdNotify(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "1"]).watchdog)
        #expect(SystemdNotify(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(getpid())"]).watchdog)
        SystemdNotify(environment: [:]).alive() // nowhere to send: nothing happens
        // A drawing loop comes round at least every 2.5 s, under systemd or not.
        #expect(LoopWatchdog(systemd: SystemdNotify(environment: [:])).longestWait == 2.5)
    }

    @Test(.timeLimit(.minutes(1)))
    func theCoordinatorSaysReadyOnceListeningAndKeepsTheWatchdogFedByItsWriter() async throws {
        let folder = try TemporaryFolder("notify")
        defer { folder.remove() }
        let systemd = try NotifySocket(in: folder.path)
        let coordinator = try RunningBinary("queue-coordinator", ["--state-dir", folder.file("state"), "--host", "127.0.0.1", "--port", "0",
                                                                  "--no-discovery", "--log-level", "warning"], environment: systemd.environment)
        defer { coordinator.stop() }
        let received = try await systemd.receive { $0.contains { $0.1.hasPrefix("READY=1") } && $0.contains { $0.1 == "WATCHDOG=1" } }.map(\.1)
        let ready = received.first { $0.hasPrefix("READY=1") }
        #expect(ready?.contains("STATUS=listening tcp=") == true, "\(received)")
        #expect(received.contains("WATCHDOG=1"), "\(received)")
    }

    /// A counter board and a kiosk, each on a live hall: ready once a frame is drawn, then kept
    /// alive by their drawing loops while nothing on the screen changes (a counter board with no
    /// call would otherwise wait for the next minute).
    @Test(.timeLimit(.minutes(2)), arguments: [("queue-display", Role.display, ["--layout", "counter", "--counter", "1"]), ("queue-kiosk", Role.kiosk, [])])
    func aScreenSaysReadyOnceDrawnAndItsDrawingLoopFeedsTheWatchdog(_ binary: String, _ role: Role, _ options: [String]) async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        let folder = try TemporaryFolder("notify")
        defer { folder.remove() }
        let key = folder.file("device.key")
        try await hall.addDevice("screen", role).write(path: key)
        let systemd = try NotifySocket(in: folder.path)
        let screen = try RunningBinary(binary, ["--windowed", "--size", "800x480", "--key-file", key, "--coordinator", "127.0.0.1:\(hall.port)"]
                                       + options + (role == .kiosk ? ["--print-to", "file:" + folder.file("tickets.bin")] : []),
                                       environment: systemd.environment)
        defer { screen.stop() }
        let received = try await systemd.receive { $0.filter { $0.1 == "WATCHDOG=1" }.count >= 3 }
        let ready = received.first { $0.1.hasPrefix("READY=1") }
        #expect(ready?.1.contains("STATUS=drawing the") == true, "\(received.map(\.1)) \(screen.err)")
        let keepAlives = received.filter { $0.1 == "WATCHDOG=1" }.map(\.0)
        #expect(keepAlives.count >= 3, "\(received.map(\.1)) \(screen.err)")
        // Between keep-alives: 2.5 to 5 s (and a little for a busy machine), never a flood.
        for (a, b) in zip(keepAlives, keepAlives.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= 2.4 && b.timeIntervalSince(a) < 7, "\(keepAlives)")
        }
    }
}
