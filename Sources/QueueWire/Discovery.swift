/// UDP discovery messages (JSON datagrams). The default port is `Discovery.defaultPort`.
public enum Discovery {
    public static let defaultPort = 5741

    public struct Probe: Codable, Sendable {
        public var type: String
        public var `protocol`: Int?
        public init() { type = "discover"; self.protocol = protocolVersion }
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
