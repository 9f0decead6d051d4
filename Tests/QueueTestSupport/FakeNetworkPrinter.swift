import Foundation
import NIOConcurrencyHelpers

/// A network ESC/POS printer on 127.0.0.1 for tests: it answers status queries (DLE EOT n) and
/// records what it is sent. `paper` is its answer to DLE EOT 4, the paper sensor, and may change
/// while it runs: `withPaper` (its fixed bits), `outOfPaper` (+ 0x60), `paperLow` (+ 0x0C, the
/// roll near its end).
public final class FakeNetworkPrinter: Sendable {
    public static let withPaper: UInt8 = 0x12
    public static let outOfPaper: UInt8 = 0x72
    public static let paperLow: UInt8 = 0x1E

    public let port: Int
    public let paper: NIOLockedValueBox<UInt8>
    private let listener: Int32
    private let bytes = NIOLockedValueBox<[UInt8]>([])
    private let closed = DispatchSemaphore(value: 0)

    public init(paper: UInt8 = FakeNetworkPrinter.withPaper) throws {
        self.paper = NIOLockedValueBox(paper)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard listening else { close(listener); throw FakePrinterError() }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let answer = self.paper, bytes = bytes, closed = closed
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                Thread.detachNewThread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    var pending: [UInt8] = []
                    while true {
                        let n = recv(client, &buffer, buffer.count, 0)
                        if n <= 0 { break }
                        pending += buffer[0..<n]
                        bytes.withLockedValue { $0 += buffer[0..<n] }
                        // Answer each DLE EOT n: the paper sensor (4), else "online, cover shut".
                        while let i = pending.firstIndex(of: 0x10), i + 2 < pending.count, pending[i + 1] == 0x04 {
                            let reply: UInt8 = pending[i + 2] == 4 ? answer.withLockedValue { $0 } : Self.withPaper
                            _ = [reply].withUnsafeBytes { send(client, $0.baseAddress, 1, 0) }
                            pending.removeSubrange(0...(i + 2))
                        }
                    }
                    close(client)
                    closed.signal()
                }
            }
        }
    }

    /// Everything sent to it, once a client has closed its connection (or after 2 s).
    public func received() -> [UInt8] {
        _ = closed.wait(timeout: .now() + 2)
        return bytes.withLockedValue { $0 }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

struct FakePrinterError: Error, CustomStringConvertible {
    var description: String { "the fake network printer cannot listen on 127.0.0.1" }
}
