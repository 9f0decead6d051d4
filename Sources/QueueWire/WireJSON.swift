import Foundation
import QueueCore

/// JSON as the protocol writes it: times are integer milliseconds since the Unix epoch (UTC),
/// keys sorted so equal frames are equal bytes.
public enum WireJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.milliseconds)
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            Date(milliseconds: try decoder.singleValueContainer().decode(Int64.self))
        }
        return d
    }

    /// Decodes a frame body, turning any JSON or shape problem into a protocol error.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, decoder: JSONDecoder = decoder()) throws -> T {
        do {
            return try decoder.decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw QueueError(.badFrame, "The frame is missing the field \"\(key.stringValue)\".")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw QueueError(.badFrame, "The field \"\(field)\" has the wrong type.")
        } catch {
            throw QueueError(.badFrame, "The frame is not a JSON object of this protocol.")
        }
    }
}
