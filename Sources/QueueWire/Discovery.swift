/// UDP discovery messages (JSON datagrams). The default port is `Discovery.defaultPort`.
public enum Discovery {
    public static let defaultPort = 5741

    public struct Probe: Codable, Sendable {
        public var type: String
        public var `protocol`: Int?
        public init() { type = "discover"; self.protocol = protocolVersion }

        /// Only `type` is read: `protocol` is not checked (docs/PROTOCOL.md), so a probe with
        /// `"protocol":"1"` or a future version is still answered.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decode(String.self, forKey: .type)
            self.protocol = try? c.decode(Int.self, forKey: .protocol)
        }
    }

    public struct Answer: Codable, Sendable {
        public var type: String
        public var `protocol`: Int
        public var hall: String
        public var port: Int
        public init(type: String, protocol: Int, hall: String, port: Int) {
            self.type = type
            self.protocol = `protocol`
            self.hall = hall
            self.port = port
        }
    }
}
