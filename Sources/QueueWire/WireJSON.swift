import Foundation
import QueueCore

/// JSON as the protocol writes it: the hall's convention (`HallJSON`: times in integer
/// milliseconds, sorted keys), and shape problems as protocol errors.
public enum WireJSON {
    public static func encoder() -> JSONEncoder { HallJSON.encoder() }

    public static func decoder() -> JSONDecoder { HallJSON.decoder() }

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
