import Crypto
import Foundation

/// The city dashboard's sign-in: each viewer (a manager, the city's IT staff) has a name and a
/// generated password of 144 random bits, kept by the city only as a salted SHA-256 (a password
/// that random needs no slow hash). The browser sends it over TLS (HTTP Basic).
public enum ViewerPassword {
    /// A new password: 24 characters of base64url.
    public static func new() -> String {
        SymmetricKey(size: .init(bitCount: 144)).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    public static func newSalt() -> Data {
        SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
    }

    public static func hash(_ password: String, salt: Data) -> Data {
        Data(SHA256.hash(data: salt + Data(password.utf8)))
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public static func matches(_ password: String, salt: Data, hash expected: Data) -> Bool {
        let given = hash(password, salt: salt)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// (name, password) of an `Authorization: Basic …` header; nil for anything else.
    public static func basic(_ header: String) -> (name: String, password: String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
