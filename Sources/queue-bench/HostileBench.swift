import ArgumentParser
import DeviceKeys
import Foundation
import QueueClient
import QueueCore
import QueueWire

/// What one hostile LAN client does to the hall (issue 12's figures): thousands of idle sockets
/// on both ports, and a client that pipelines status requests and never reads.
struct HostileBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract: "Idle-socket crowds and a status flood against the coordinator, with the installed unit's file limit.")

    @Option(help: "Unauthenticated TCP sockets, half TLS handshakes and half-sent HTTP requests to hold open (each).")
    var sockets = 2_000

    @Option(help: "Pipelined status requests of the flooder.")
    var statuses = 10_000

    func run() async throws {
        BenchDirectory.raiseFileLimit()

        let work = try BenchDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: work) }
        print(BenchDirectory.machine)
        let coordinator = try await BenchCoordinator(work: work, virtualClock: true, arguments: ["--https-port", "0", "--http-port", "0"])
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))
        let pid = coordinator.process.processIdentifier

        let quiet = try await Self.issues(coordinator, count: 50)
        print(String(format: "kiosk connect + issue, quiet hall: p50 %.1f ms, p99 %.1f ms", quiet.p50, quiet.p99))

        // The crowd: sockets that never authenticate, TLS handshakes that never finish on the
        // pages' HTTPS port, and HTTP requests whose headers never end on its redirect port.
        var crowd: [Int32] = []
        for _ in 0..<sockets { if let fd = Self.open(coordinator.address.port) { crowd.append(fd) } }
        // The first 5 bytes of a TLS record (a handshake of 512 bytes), and nothing after.
        let halfHandshake: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00]
        let halfRequest = Array("GET /manager HTTP/1.1\r\nHost: hall\r\nX-Slow: ".utf8)
        for (port, partial) in [(coordinator.httpsPort, halfHandshake), (coordinator.httpPort, halfRequest)] {
            guard let port else { continue }
            for _ in 0..<sockets {
                if let fd = Self.open(port) { _ = partial.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }; crowd.append(fd) }
            }
        }
        try await Task.sleep(for: .seconds(1))
        let cpu0 = BenchDirectory.cpuSeconds(pid), t0 = Date()
        let crowded = try await Self.issues(coordinator, count: 50)
        try await Task.sleep(for: .seconds(3))
        let cpu = (BenchDirectory.cpuSeconds(pid) - cpu0) / Date().timeIntervalSince(t0) * 100
        print(String(format: "with %d idle TCP sockets and %d half-open web connections (half TLS handshakes and half-sent HTTP requests) opened: kiosk connect + issue p50 %.1f ms, p99 %.1f ms, max %.1f ms; coordinator CPU %.0f %% of a core",
                     sockets, crowd.count - sockets, crowded.p50, crowded.p99, crowded.max, cpu))
        for fd in crowd { close(fd) }

        // The flood: a display pipelines status requests and reads nothing.
        let added = try await manager.send(.addDevice(name: "flooder", role: .display, counter: nil))
        let key = KeyFile(device: "flooder", role: .display, key: Data(base64Encoded: added.key!)!)
        for _ in 0..<200 { _ = try await manager.send(.command(.issue(service: "A", priority: .normal))) } // a hall with people in it
        let rss0 = coordinator.residentMB()
        let flooder = try Self.authenticatedSocket(coordinator.address.port, key: key)
        var burst: [UInt8] = []
        for i in 1...statuses {
            let body = Array(#"{"type":"request","id":\#(i),"op":"status"}"#.utf8)
            burst += withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
        }
        let bytes = burst
        let sender = Thread { _ = bytes.withUnsafeBytes { send(flooder, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        sender.start()
        let during = try await Self.issues(coordinator, count: 200, persistent: true)
        var peak = coordinator.residentMB()
        var cut: Double?
        let start = Date()
        while Date().timeIntervalSince(start) < 30, cut == nil {
            peak = max(peak, coordinator.residentMB())
            var info = tcp_info()
            var size = socklen_t(MemoryLayout<tcp_info>.size)
            if getsockopt(flooder, Int32(IPPROTO_TCP), TCP_INFO, &info, &size) == 0, info.tcpi_state != UInt8(TCP_ESTABLISHED) {
                cut = Date().timeIntervalSince(start)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        close(flooder)
        print(String(format: "%d pipelined status requests never read (hall of 200 waiting): other client's issue p50 %.1f ms, p99 %.1f ms; coordinator RSS %.1f → peak %.1f MB (+%.1f); flooder cut off: %@",
                     statuses, during.p50, during.p99, rss0, peak, peak - rss0, cut.map { String(format: "yes, %.0f s after the flood's replies stopped draining", $0 + during.seconds) } ?? "no"))
        print(String(format: "PIN guesses per counter and hour, from any number of addresses: at most %.0f (PinGuessBudget: 5 at once, then one every 144 s)", 5 + 3600.0 / 144))
    }

    struct Latencies { var p50: Double; var p99: Double; var max: Double; var seconds: Double }

    /// Issue latencies: a new connection per ticket (a kiosk after a restart), or one connection.
    static func issues(_ coordinator: BenchCoordinator, count: Int, persistent: Bool = false) async throws -> Latencies {
        var ms: [Double] = []
        let started = Date()
        let shared = persistent ? try await QueueConnection.connect(to: coordinator.address, key: coordinator.key) : nil
        for _ in 0..<count {
            let t = Date()
            if let shared {
                _ = try await shared.send(.command(.issue(service: "B", priority: .normal)))
            } else {
                let c = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
                _ = try await c.send(.command(.issue(service: "B", priority: .normal)))
                await c.close()
            }
            ms.append(Date().timeIntervalSince(t) * 1000)
        }
        await shared?.close()
        ms.sort()
        return Latencies(p50: CoordinatorBench.percentile(ms, 0.5), p99: CoordinatorBench.percentile(ms, 0.99), max: ms.last ?? 0,
                         seconds: Date().timeIntervalSince(started))
    }

    static func open(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { close(fd); return nil }
        return fd
    }

    /// A raw socket that has done the handshake as `key`'s device.
    static func authenticatedSocket(_ port: Int, key: KeyFile) throws -> Int32 {
        guard let fd = open(port) else { throw QueueError(.bench, "cannot connect") }
        func readFrame() -> [String: Any]? {
            var header = [UInt8](repeating: 0, count: 4)
            guard recv(fd, &header, 4, Int32(MSG_WAITALL)) == 4 else { return nil }
            let n = header.reduce(0) { $0 << 8 | Int($1) }
            var body = [UInt8](repeating: 0, count: n)
            guard recv(fd, &body, n, Int32(MSG_WAITALL)) == n else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        }
        guard let challenge = readFrame()?["challenge"] as? String else { throw QueueError(.bench, "no hello") }
        let nonce = Handshake.randomBase64()
        let mac = Handshake.clientMAC(key: key.keyData!, challenge: challenge, nonce: nonce, device: key.device)
        let body = Array(#"{"type":"auth","protocol":1,"device":"\#(key.device)","nonce":"\#(nonce)","mac":"\#(mac)"}"#.utf8)
        let frame = withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
        _ = frame.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = readFrame()
        return fd
    }
}
