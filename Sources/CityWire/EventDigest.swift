import Crypto
import Foundation

/// One event of a hall's log as the city holds it, reduced to a digest, so a hall can check that
/// the city's history is its own before sending more (a hall restored from a backup and worked on
/// since has different events under the same numbers). The digest is of the event's JSON with its
/// keys sorted, read as plain JSON rather than as this program's `Event`: it does not depend on how
/// the bytes were sent, nor on a field one side's version does not know.
public struct EventDigest: Codable, Equatable, Sendable {
    public var seq: Int64
    /// Base64 SHA-256; nil when the city has no such event.
    public var digest: String?

    public init(seq: Int64, digest: String?) {
        self.seq = seq
        self.digest = digest
    }

    /// The digest of an event's JSON as a hall stores it.
    public static func of(body: String) throws -> String {
        let value = try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        let canonical = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        return Data(SHA256.hash(data: canonical)).base64EncodedString()
    }
}

extension CityPaths {
    /// GET: the `EventDigest` of the hall's event `seq`.
    public static func digest(hall: String, seq: Int64) -> String { "/v1/halls/\(hall)/events/\(seq)/digest" }
}
