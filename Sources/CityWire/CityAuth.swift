import Crypto
import Foundation
import QueueCore

/// How a hall proves to the city that a request is its own: each hall has a key of 32 random
/// bytes, known to it and to the city only, and signs every request with HMAC-SHA256 over the
/// method, the path and the body (header `X-Hall-Signature`). The city answers a request whose
/// signature does not match with 401, and a hall can name only itself in the path, so it can
/// write only its own events. A request seen again (copied off the wire) changes nothing: the
/// link runs over TLS with the city's certificate pinned, and rows are keyed by (hall, sequence).
public enum CityAuth {
    public static let header = "X-Hall-Signature"

    public static func signature(key: Data, method: String, path: String, body: Data) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: message(method, path, body), using: SymmetricKey(data: key))).base64EncodedString()
    }

    public static func isValid(_ signature: String, key: Data, method: String, path: String, body: Data) -> Bool {
        guard let code = Data(base64Encoded: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message(method, path, body), using: SymmetricKey(data: key))
    }

    static func message(_ method: String, _ path: String, _ body: Data) -> Data {
        Data("\(method)\n\(path)\n".utf8) + Data(SHA256.hash(data: body))
    }

    /// A new hall key.
    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    /// A hall's code as the city knows it ("phuong-ba-dinh"): 1 to 64 of a–z, 0–9 and "-", so it
    /// is safe in a path, a file name and a log line.
    public static func isHallCode(_ code: String) -> Bool {
        (1...64).contains(code.utf8.count) && code.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

/// A hall's key file for the city link (mode 0600, JSON): which hall it is, and its key. The city
/// writes it when the hall is added (`queue-city hall add`); it is copied to the hall's box and
/// named in the hall's `[city]` section.
public struct CityKeyFile: Codable, Equatable, Sendable {
    public var hall: String
    public var key: Data

    public init(hall: String, key: Data) {
        self.hall = hall
        self.key = key
    }

    public static func read(path: String) throws -> CityKeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QueueError(.keyFile, "Cannot read the city key file \(path); copy the file `queue-city hall add` wrote to this box and check the path in [city] key_file.")
        }
        guard let file = try? JSONDecoder().decode(CityKeyFile.self, from: data), CityAuth.isHallCode(file.hall), file.key.count == 32 else {
            throw QueueError(.keyFile, "\(path) is not a city key file (JSON with \"hall\" and a 32-byte \"key\"); write it again with `queue-city hall add`.")
        }
        return file
    }

    public func write(path: String) throws {
        let data = try JSONEncoder().encode(self)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw QueueError(.keyFile, "Cannot write the key file \(path); check that its folder exists and is writable.")
        }
    }
}
