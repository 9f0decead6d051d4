import Crypto
import Foundation

/// Proof of a device key by challenge and response, so no replayable secret crosses the wire.
///
/// 1. The coordinator sends a fresh random `challenge` in `hello`.
/// 2. The client answers with its device name, its own random `nonce` and
///    `mac = HMAC-SHA256(key, "queue-auth-v1|client|" + challenge + "|" + nonce + "|" + device)`.
/// 3. The coordinator checks the MAC and answers `welcome` with
///    `proof = HMAC-SHA256(key, "queue-auth-v1|server|" + challenge + "|" + nonce + "|" + device)`,
///    so the client knows it talks to the coordinator that holds its key.
/// Challenge, nonce, MAC and proof are base64 text; a key is 32 random bytes.
public enum Handshake {
    public static func randomBase64(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    public static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    static func message(_ side: String, challenge: String, nonce: String, device: String) -> Data {
        Data("queue-auth-v1|\(side)|\(challenge)|\(nonce)|\(device)".utf8)
    }

    public static func clientMAC(key: Data, challenge: String, nonce: String, device: String) -> String {
        mac(key: key, message("client", challenge: challenge, nonce: nonce, device: device))
    }

    public static func serverProof(key: Data, challenge: String, nonce: String, device: String) -> String {
        mac(key: key, message("server", challenge: challenge, nonce: nonce, device: device))
    }

    static func mac(key: Data, _ message: Data) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))).base64EncodedString()
    }

    /// Constant-time check of a base64 MAC.
    public static func verify(mac: String, key: Data, message: Data) -> Bool {
        guard let code = Data(base64Encoded: mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: key))
    }

    public static func verifyClient(mac: String, key: Data, challenge: String, nonce: String, device: String) -> Bool {
        verify(mac: mac, key: key, message: message("client", challenge: challenge, nonce: nonce, device: device))
    }

    public static func verifyServer(proof: String, key: Data, challenge: String, nonce: String, device: String) -> Bool {
        verify(mac: proof, key: key, message: message("server", challenge: challenge, nonce: nonce, device: device))
    }
}
