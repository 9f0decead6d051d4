import Foundation

/// systemd's end of the notify protocol (sd_notify(3)) for a test: a datagram socket in `folder`,
/// whose path a program is given in `NOTIFY_SOCKET`.
public final class NotifySocket: @unchecked Sendable { // unchecked: the descriptor is read by one thread at a time
    public let path: String
    let fd: Int32

    public init(in folder: String) throws {
        path = folder + "/notify"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw NotifySocketError(errno: errno) }
    }

    /// The environment systemd gives a service with `Type=notify` and `WatchdogSec=`.
    public var environment: [String: String] { ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"] }

    /// The messages received, with when each came, until `enough` holds for them or `silence`
    /// seconds pass without one (read on a thread of its own).
    public func receive(silence: Int = 10, until enough: @escaping @Sendable ([(Date, String)]) -> Bool) async throws -> [(Date, String)] {
        let fd = fd
        return try await onItsOwnThread {
            var timeout = timeval(tv_sec: silence, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var received: [(Date, String)] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !enough(received) {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { break }
                received.append((Date(), String(decoding: buffer[0..<n], as: UTF8.self)))
            }
            return received
        }
    }

    deinit { close(fd) }
}

struct NotifySocketError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { "cannot make a notify socket: \(String(cString: strerror(errno)))" }
}
