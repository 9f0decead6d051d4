import Crypto
import Foundation

/// A clerk PIN is kept as HMAC-SHA256 under a random 16-byte salt of "queue-pin-v1|counter|pin",
/// so the database never holds the PIN and the same PIN at two counters hashes differently.
/// (Four to eight digits are few: the sign-in throttle, not the hash, is what stops guessing.)
enum PinHash {
    static func newSalt() -> Data { Data(SymmetricKey(size: .init(bitCount: 128)).withUnsafeBytes { Array($0) }) }

    static func hash(pin: String, counter: Int, salt: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message(pin, counter), using: SymmetricKey(data: salt)))
    }

    /// Constant-time check.
    static func matches(pin: String, counter: Int, salt: Data, hash: Data) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(hash, authenticating: message(pin, counter), using: SymmetricKey(data: salt))
    }

    /// A new PIN: 6 to 8 ASCII digits.
    static func isWellFormed(_ pin: String) -> Bool {
        (6...8).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// What sign-in accepts: also the 4- and 5-digit PINs set before 6 became the minimum, until
    /// a manager replaces them.
    static func canSignIn(_ pin: String) -> Bool {
        (4...8).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func message(_ pin: String, _ counter: Int) -> Data { Data("queue-pin-v1|\(counter)|\(pin)".utf8) }
}
