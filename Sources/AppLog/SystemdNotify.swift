import Foundation

/// systemd's notify protocol (sd_notify(3)), without libsystemd: a datagram to `$NOTIFY_SOCKET`.
/// The coordinator sends `READY=1` once every socket listens and `WATCHDOG=1` each time its writer
/// has taken a tick, so a writer that hangs stops the keep-alives and systemd restarts it
/// (`WatchdogSec=`); boards and kiosks through `LoopWatchdog`. Outside systemd (no
/// `NOTIFY_SOCKET`) it does nothing.
public struct SystemdNotify: Sendable {
    let path: String?
    /// Whether systemd watches this process (`WATCHDOG_USEC` set for it).
    public let watchdog: Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let pid = environment["WATCHDOG_PID"].flatMap(Int32.init)
        watchdog = path != nil && environment["WATCHDOG_USEC"] != nil && (pid == nil || pid == getpid())
    }

    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    public func alive() { if watchdog { send("WATCHDOG=1") } }

    /// One datagram; errors are ignored, as sd_notify's callers do.
    func send(_ message: String) {
        guard let path else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // "@name" is an abstract socket: a leading NUL instead of the @.
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let data = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                sendto(fd, data, data.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
            }
        }
    }
}
