import QueueCore

/// Where the coordinator listens: "HOST:PORT" from --coordinator, or found by discovery.
public struct CoordinatorAddress: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses "HOST:PORT", "HOST" (default port) or "[IPv6]:PORT".
    public init(parsing text: String, defaultPort: Int) throws {
        var host = text
        var port = defaultPort
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()) else { throw Self.bad(text) }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 {
            host = String(text[..<colon])
            guard let p = Int(text[text.index(after: colon)...]) else { throw Self.bad(text) }
            port = p
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw Self.bad(text) }
        self.init(host: host, port: port)
    }

    static func bad(_ text: String) -> QueueError {
        QueueError(.badAddress, "\"\(text)\" is not a coordinator address; write HOST:PORT, e.g. 192.168.1.10:5740.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
