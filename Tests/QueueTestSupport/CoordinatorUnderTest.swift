import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// A coordinator a test drives over loopback: the binary in its own process
/// (`CoordinatorProcess`, for killing and restarting) or a `HallServer` in the test's process
/// (`HallInProcess`, for everything else). Both are started on 127.0.0.1 with free ports and a
/// fresh state directory, on a virtual clock that starts on the tests' Monday morning.
public protocol CoordinatorUnderTest: AnyObject, Sendable {
    var stateDir: String { get }
    var port: Int { get }
    var discoveryPort: Int { get }
}

extension CoordinatorProcess {
    /// The day the tests' hall lives on: Monday 2026-11-30 in Hanoi. A virtual clock starts there
    /// (`--start`), whatever today's date, so no test depends on the day it runs.
    public static let day = "2026-11-30"
    public static let mondayMorning = "\(day) 07:00"
    /// Monday 2026-11-30 08:00 in Hanoi, inside opening hours.
    public static let mondayEight = Date(timeIntervalSince1970: 1_796_000_400)

    /// A loopback port nothing listens on: bound once to find a free one, then closed.
    public static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

extension CoordinatorUnderTest {
    public var logPath: String { stateDir + "/coordinator.log" }
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    public var address: CoordinatorAddress { CoordinatorAddress(host: "127.0.0.1", port: port) }
    public var managerKey: KeyFile { try! KeyFile.read(path: stateDir + "/manager.key") }

    public func connect(_ key: KeyFile? = nil, onPush: (@Sendable (Push) -> Void)? = nil) async throws -> QueueConnection {
        try await QueueConnection.connect(to: address, key: key ?? managerKey, onPush: onPush)
    }

    public func send(_ request: Request, requestId: String? = nil, key: KeyFile? = nil) async throws -> Reply {
        try await OneShot.send(request, requestId: requestId, to: address, key: key ?? managerKey)
    }

    /// Moves the virtual clock to Monday 08:00 in Hanoi, inside opening hours.
    public func openTheHall() async throws {
        _ = try await send(.setClock(CoordinatorProcess.mondayEight))
    }

    public func status() async throws -> HallState {
        try await send(.status).state!
    }

    /// A raw peer that has proved `key` (the local manager key by default), for sending bytes.
    public func authenticatedPeer(_ key: KeyFile? = nil) throws -> RawPeer {
        let key = key ?? managerKey
        let peer = try RawPeer(port: port)
        let challenge = peer.readFrame()!["challenge"] as! String
        let nonce = Handshake.randomBase64()
        let mac = Handshake.clientMAC(key: key.keyData!, challenge: challenge, nonce: nonce, device: key.device)
        peer.sendFrame(#"{"type":"auth","protocol":1,"device":"\#(key.device)","nonce":"\#(nonce)","mac":"\#(mac)"}"#)
        _ = peer.readFrame()
        return peer
    }

    public func addDevice(_ name: String, _ role: Role, counter: Int? = nil) async throws -> KeyFile {
        let reply = try await send(.addDevice(name: name, role: role, counter: counter))
        return KeyFile(device: name, role: role, counter: counter, key: Data(base64Encoded: reply.key!)!)
    }
}
