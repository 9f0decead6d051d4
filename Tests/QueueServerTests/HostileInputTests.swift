import Foundation
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

@Suite struct HostileInputTests {
    @Test func garbageGetsClearErrorsAndChangesNothing() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let before = try await coordinator.status()

        // Before authentication: anything but auth closes the connection with a reason.
        let early = try RawPeer(port: coordinator.port)
        _ = early.readFrame()
        early.sendFrame(#"{"type":"request","id":1,"op":"issue","service":"A","requestId":"x"}"#)
        #expect(early.readFrame()?["code"] as? String == "not-authenticated")
        #expect(early.isClosed())

        let wrongVersion = try RawPeer(port: coordinator.port)
        _ = wrongVersion.readFrame()
        wrongVersion.sendFrame(#"{"type":"auth","protocol":99,"device":"x","nonce":"bm9uY2Vub25jZW5vbmNlbm9uY2U=","mac":"x"}"#)
        #expect(wrongVersion.readFrame()?["code"] as? String == "protocol-version")

        let oversized = try RawPeer(port: coordinator.port)
        _ = oversized.readFrame()
        oversized.send([0x7f, 0xff, 0xff, 0xff])
        #expect(oversized.readFrame()?["code"] as? String == "frame-too-large")
        #expect(oversized.isClosed())

        let noise = try RawPeer(port: coordinator.port)
        _ = noise.readFrame()
        noise.send([0, 0, 0, 5] + Array("\u{1}\u{2}\u{3}xx".utf8))
        #expect(noise.readFrame()?["code"] as? String == "bad-frame")

        // After authentication: bad frames get errors and the connection stays usable.
        let peer = try coordinator.authenticatedPeer()
        peer.sendFrame("not json")
        #expect(peer.readFrame()?["code"] as? String == "bad-frame")
        peer.sendFrame(#"{"type":"launch"}"#)
        #expect(peer.readFrame()?["code"] as? String == "unknown-type")
        peer.sendFrame(#"{"type":"request","id":4,"op":"explode"}"#)
        #expect(peer.readFrame()?["code"] as? String == "unknown-op")
        peer.sendFrame(#"{"type":"request","id":5,"op":"issue","service":"A"}"#)
        #expect(peer.readFrame()?["code"] as? String == "request-id-required")
        peer.sendFrame(#"{"type":"request","id":6,"op":"call","counter":"five","requestId":"r"}"#)
        #expect(peer.readFrame()?["code"] as? String == "bad-frame")
        peer.sendFrame(#"{"type":"request","id":7,"op":"subscribe","since":-9223372036854775808}"#)
        #expect(peer.readFrame()?["code"] as? String == "bad-request")
        peer.sendFrame(#"{"type":"ping"}"#)
        #expect(peer.readFrame()?["type"] as? String == "pong")
        // Ten strikes and out.
        for _ in 0..<6 { peer.sendFrame("{}") }
        var last: [String: Any]?
        while let frame = peer.readFrame() { last = frame }
        #expect(last?["code"] as? String == "too-many-errors")

        let after = try await coordinator.status()
        #expect(after.seq == before.seq)
        #expect(after == before)
    }

    @Test func aSilentPeerIsCutOffAndTheCoordinatorCarriesOn() async throws {
        let coordinator = try await HallInProcess(arguments: ["--handshake-timeout", "1"])
        let silent = try RawPeer(port: coordinator.port)
        _ = silent.readFrame() // hello, then say nothing
        #expect(silent.readFrame()?["code"] as? String == "handshake-timeout")
        #expect(silent.isClosed())
        // A half-sent frame is a silent peer too.
        let half = try RawPeer(port: coordinator.port)
        _ = half.readFrame()
        half.send([0, 0, 0, 100, 0x7b])
        #expect(half.readFrame()?["code"] as? String == "handshake-timeout")
        // It still answers. A client has the same 1 s for its own handshake, which a machine
        // busy with the other suites can miss: a few tries, as a device would reconnect.
        var answered = false
        for _ in 0..<5 where !answered {
            answered = (try? await coordinator.status().seq) != nil
        }
        #expect(answered)
    }

    @Test func discoveryFindsTheCoordinatorOnThisMachine() async throws {
        let coordinator = try await HallInProcess()
        let (address, hall) = try await DiscoveryClient.find(port: coordinator.discoveryPort, targets: ["127.0.0.1"])
        #expect(address.port == coordinator.port)
        #expect(hall == "Trung tâm Phục vụ hành chính công phường Ba Đình")
    }
}
