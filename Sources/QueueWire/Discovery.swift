import Foundation

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

        /// A datagram of at most 1,024 bytes that is a probe; nil for anything else.
        public static func read(_ data: Data) -> Probe? {
            guard data.count <= 1024, let probe = try? JSONDecoder().decode(Probe.self, from: data), probe.type == "discover" else { return nil }
            return probe
        }
    }

    public struct Answer: Codable, Sendable {
        public var type: String
        public var `protocol`: Int
        public var hall: String
        public var port: Int
        /// This coordinator's answer: its hall and TCP port.
        public init(hall: String, port: Int) {
            type = "coordinator"
            self.protocol = protocolVersion
            self.hall = hall
            self.port = port
        }

        /// A datagram that is a coordinator's answer; nil for anything else.
        public static func read(_ data: Data) -> Answer? {
            guard let answer = try? JSONDecoder().decode(Answer.self, from: data), answer.type == "coordinator" else { return nil }
            return answer
        }
    }
}
