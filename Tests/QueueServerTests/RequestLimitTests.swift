import Foundation
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Field limits, Unicode and deadlines on the TCP side, against the real coordinator.
@Suite(.serialized) struct RequestLimitTests {
    @Test func aHugeClerkNameIsRefusedAndChangesNothing() async throws {
        let coordinator = try await HallInProcess()
        let before = try await coordinator.status()
        do {
            _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: String(repeating: "A", count: 60_000))))
            Issue.record("a 60,000-character clerk name was accepted")
        } catch let error as QueueError {
            #expect(error.code == .badRequest && error.message.contains("at most 80"), "\(error)")
        }
        do {
            _ = try await coordinator.send(.command(.pause(counter: 1, reason: String(repeating: "x", count: 121))))
            Issue.record("a 121-character pause reason was accepted")
        } catch let error as QueueError {
            #expect(error.message.contains("at most 120"), "\(error)")
        }
        #expect(try await coordinator.status().seq == before.seq)
    }

    @Test func aNameTypedDecomposedIsStoredComposed() async throws {
        let coordinator = try await HallInProcess()
        let decomposed = "Nguyễn Văn An".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count > "Nguyễn Văn An".unicodeScalars.count)
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: decomposed)))
        let clerk = try await coordinator.status().counters[1]?.clerk
        #expect(clerk.map { Array($0.unicodeScalars) } == Array("Nguyễn Văn An".precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func invalidUTF8AnywhereAndDeepNestingAreBadFrames() async throws {
        let coordinator = try await HallInProcess()
        let peer = try coordinator.authenticatedPeer()
        // A ping with a bad byte in a field this version does not read.
        let body = Array(#"{"type":"ping","x":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        peer.send(withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body)
        #expect(peer.readFrame()?["code"] as? String == "bad-frame")
        peer.sendFrame(#"{"type":"ping","x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}")
        let nested = peer.readFrame()
        #expect(nested?["code"] as? String == "bad-frame" && (nested?["message"] as? String ?? "").contains("nests deeper"))
    }

    @Test func aChangePastItsDeadlineIsRefusedAndDoesNothing() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let connection = try await coordinator.connect()
        // The hall's clock is at 08:00 (virtual): a deadline of 07:59 has passed.
        do {
            _ = try await connection.send(.command(.issue(service: "A", priority: .normal)), requestId: "late-1",
                                          deadline: CoordinatorProcess.mondayEight - 60)
            Issue.record("a late issue was carried out")
        } catch let error as QueueError {
            #expect(error.code == .expired, "\(error)")
        }
        let reply = try await connection.send(.command(.issue(service: "A", priority: .normal)), requestId: "on-time-1",
                                              deadline: CoordinatorProcess.mondayEight + 10)
        #expect(reply.issuedTicket?.label == "A001", "the late one took no number")
        await connection.close()
    }
}
