import Crypto
import Foundation
import QueueCore

/// One event of a hall's log as the city holds it, reduced to a digest, so a hall can check that
/// the city's history is its own before sending more (a hall restored from a backup and worked on
/// since has different events under the same numbers). The digest is of the event's canonical
/// JSON (`HallJSON`, sorted keys), so it does not depend on how the bytes were sent.
public struct EventDigest: Codable, Equatable, Sendable {
    public var seq: Int64
    /// Base64 SHA-256; nil when the city has no such event.
    public var digest: String?

    public init(seq: Int64, digest: String?) {
        self.seq = seq
        self.digest = digest
    }

    public static func of(_ event: Event) throws -> String {
        Data(SHA256.hash(data: try HallJSON.encoder().encode(event))).base64EncodedString()
    }

    /// The digest of an event's JSON as a hall stores it.
    public static func of(body: String) throws -> String {
        try of(HallJSON.decoder().decode(Event.self, from: Data(body.utf8)))
    }
}

extension CityPaths {
    /// GET: the `EventDigest` of the hall's event `seq`.
    public static func digest(hall: String, seq: Int64) -> String { "/v1/halls/\(hall)/events/\(seq)/digest" }
}
