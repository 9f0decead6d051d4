import CoordinatorApp
import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Test support shared by the end-to-end suites.
///
/// The real `queue-coordinator` binary, started on 127.0.0.1 with free ports in a fresh state
/// directory: for tests that kill it with a signal, restart it, or look at the binary itself
/// (exit statuses, output). Tests drive it with the real client.
public final class CoordinatorProcess: CoordinatorUnderTest, @unchecked Sendable { // unchecked: a test drives it from one task; Process is thread-safe
    public let stateDir: String
    let extraArguments: [String]
    public private(set) var process: Process!
    public private(set) var port = 0
    public private(set) var discoveryPort = 0

    public static var binDir: URL {
        // The test runner lives beside the built products in .build/debug.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("queue-coordinator").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    public static func binary(_ name: String) -> String { binDir.appendingPathComponent(name).path }

    let virtualClock: Bool

    /// `stateDir`: a state directory made beforehand (say by `queuectl simulate`); default a new one.
    public init(stateDir: String? = nil, virtualClock: Bool = true, arguments: [String] = []) async throws {
        self.stateDir = stateDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("coordinator-\(UUID().uuidString)").path
        self.virtualClock = virtualClock
        extraArguments = (virtualClock ? ["--clock", "virtual"] : []) + arguments
        try await start()
    }


    /// Starts (or restarts, on the same state directory and ports) and waits for "listening". A fresh
    /// virtual clock starts on Monday morning, 07:00, before the hall opens.
    public func start() async throws {
        let fresh = !FileManager.default.fileExists(atPath: stateDir + "/queue.sqlite")
        // A restart listens where the first start did, as a real coordinator's fixed port does.
        let arguments = ["--state-dir", stateDir, "--host", "127.0.0.1", "--port", "\(port)", "--discovery-port", "\(discoveryPort)",
                         "--log-level", "warning"] + extraArguments + (virtualClock && fresh ? ["--start", Self.mondayMorning] : [])
        // Its log, for a test to read (and a person to look at when one fails).
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let (p, listening) = try await CoordinatorBinary.launch(Self.binary("queue-coordinator"), arguments: arguments,
                                                          log: FileHandle(forWritingAtPath: logPath))
        process = p
        port = listening.tcp
        discoveryPort = listening.discovery ?? 0
    }

    /// True while the coordinator process runs.
    public var isRunning: Bool { process?.isRunning ?? false }

    public func kill(_ signal: Int32 = SIGKILL) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    public func restart() async throws {
        if process.isRunning { kill() }
        try await start()
    }

    deinit {
        if let process, process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stateDir)
    }
}

/// A raw TCP peer that speaks bytes, for hostile-input tests.
public final class RawPeer: Sendable { // only an immutable socket descriptor
    let fd: Int32

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { throw QueueError(.test, "connect failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }

    public func sendFrame(_ json: String) {
        let body = Array(json.utf8)
        send(withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body)
    }

    /// The next frame as JSON, or nil when the connection closed (or timed out).
    public func readFrame() -> [String: Any]? {
        guard let header = read(4) else { return nil }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard let body = read(length) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    }

    /// True when the coordinator has closed this connection.
    public func isClosed() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    /// Reads and drops whatever has arrived, without waiting; true when the coordinator has
    /// closed the connection.
    public func drainNonBlocking() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if got == 0 { return true }
            if got < 0 { return errno == ECONNRESET }
        }
    }

    private func read(_ n: Int) -> [UInt8]? {
        var out: [UInt8] = []
        while out.count < n {
            var buffer = [UInt8](repeating: 0, count: n - out.count)
            let got = recv(fd, &buffer, buffer.count, 0)
            guard got > 0 else { return nil }
            out += buffer[0..<got]
        }
        return out
    }
}
