import CoordinatorApp
import Foundation
import QueueTestSupport
import Testing

/// The coordinator under systemd's Type=notify: READY=1 once it listens, then WATCHDOG=1 each
/// time its writer has taken the 10 s tick, so a hung writer is restarted by WatchdogSec.
@Suite struct SystemdNotifyTests {
    @Test func outsideSystemdNothingIsSentAndTheWatchdogIsOnlyForThisProcess() {
        #expect(!SystemdNotify(environment: [:]).watchdog)
        #expect(!SystemdNotify(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "1"]).watchdog)
        #expect(SystemdNotify(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(getpid())"]).watchdog)
        SystemdNotify(environment: [:]).alive() // nowhere to send: nothing happens
    }

    @Test(.timeLimit(.minutes(1)))
    func theCoordinatorSaysReadyOnceListeningAndKeepsTheWatchdogFedByItsWriter() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // systemd's end of the protocol: a datagram socket the coordinator sends to.
        let socketPath = dir + "/notify"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CoordinatorProcess.binary("queue-coordinator"))
        process.arguments = ["--state-dir", dir + "/state", "--host", "127.0.0.1", "--port", "0", "--no-discovery", "--log-level", "warning"]
        process.environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "60000000"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }

        var received: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !(received.contains { $0.hasPrefix("READY=1") } && received.contains("WATCHDOG=1")) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break } // 5 s without a message
            received.append(String(decoding: buffer[0..<n], as: UTF8.self))
        }
        let ready = received.first { $0.hasPrefix("READY=1") }
        #expect(ready?.contains("STATUS=listening tcp=") == true, "\(received)")
        #expect(received.contains("WATCHDOG=1"), "\(received)")
    }
}
