import Foundation
import QueueWire
import Testing

@Suite struct HandshakeTests {
    let key = Data(repeating: 7, count: 32)

    @Test func theRightKeyProvesItselfBothWays() {
        let mac = Handshake.clientMAC(key: key, challenge: "c1", nonce: "n1", device: "kiosk-1")
        #expect(Handshake.verifyClient(mac: mac, key: key, challenge: "c1", nonce: "n1", device: "kiosk-1"))
        let proof = Handshake.serverProof(key: key, challenge: "c1", nonce: "n1", device: "kiosk-1")
        #expect(Handshake.verifyServer(proof: proof, key: key, challenge: "c1", nonce: "n1", device: "kiosk-1"))
        #expect(proof != mac)
    }

    @Test func aMacIsWorthNothingForAnotherChallengeKeyOrDevice() {
        let mac = Handshake.clientMAC(key: key, challenge: "c1", nonce: "n1", device: "kiosk-1")
        #expect(!Handshake.verifyClient(mac: mac, key: key, challenge: "c2", nonce: "n1", device: "kiosk-1"))
        #expect(!Handshake.verifyClient(mac: mac, key: Data(repeating: 8, count: 32), challenge: "c1", nonce: "n1", device: "kiosk-1"))
        #expect(!Handshake.verifyClient(mac: mac, key: key, challenge: "c1", nonce: "n1", device: "kiosk-2"))
        #expect(!Handshake.verifyClient(mac: "not base64!", key: key, challenge: "c1", nonce: "n1", device: "kiosk-1"))
    }

    @Test func theMacIsTheDocumentedHMAC() {
        // docs/PROTOCOL.md: HMAC-SHA256(key, "queue-auth-v1|client|<challenge>|<nonce>|<device>"), base64.
        // Reference value computed with Python: hmac.new(b"\x07"*32, b"queue-auth-v1|client|c1|n1|kiosk-1", sha256).
        #expect(Handshake.clientMAC(key: key, challenge: "c1", nonce: "n1", device: "kiosk-1") == Self.reference)
    }

    static let reference = "qkT3158ukZr/25X+gXbXUbdfhZ1SHsh1UJPH7JnAD2Y="
}
