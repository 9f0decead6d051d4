import Foundation
import NIOCore

/// Where citizens' phones reach the ticket pages when the hall file does not say
/// (`[phone_page] base_url`): this box's address on the hall network, on the plain HTTP port when
/// there is one (a phone does not know the box's own certificate and would warn), else the
/// HTTPS port. Nil without web pages.
enum PhonePageAddress {
    static func derived(host: String, http: Int?, https: Int?) -> String? {
        guard let (scheme, port) = http.map({ ("http", $0) }) ?? https.map({ ("https", $0) }) else { return nil }
        let address = isWildcard(host) ? (lanAddress() ?? "127.0.0.1") : host
        return "\(scheme)://\(address.contains(":") ? "[\(address)]" : address):\(port)"
    }

    static func isWildcard(_ host: String) -> Bool { host.isEmpty || host == "0.0.0.0" || host == "::" }

    /// Whether `base` names this machine only (127.x, ::1, localhost).
    static func isLoopback(_ base: String) -> Bool {
        guard let host = URLComponents(string: base)?.host else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// The first IPv4 address of an interface that is not loopback (the system's list order;
    /// a box with several networks should say `[phone_page] base_url`).
    static func lanAddress() -> String? {
        let devices = (try? System.enumerateDevices()) ?? []
        return devices.lazy.compactMap { device -> String? in
            guard case .v4 = device.address, let ip = device.address?.ipAddress, !ip.hasPrefix("127.") else { return nil }
            return ip
        }.first
    }
}
