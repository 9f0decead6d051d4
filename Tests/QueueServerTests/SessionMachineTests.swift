import Foundation
import QueueCore
import QueueStore
import QueueWire
import Testing
@testable import QueueServer

/// `SessionMachine` driven directly, with no channel: frames in, actions out.
@Suite struct SessionMachineTests {
    let challenge = "Y2hhbGxlbmdlLWNoYWxsZW5nZS1jaGFsbGVuZ2UtMTIzNDU="
    let nonce = Data(repeating: 7, count: 32).base64EncodedString()
    let key = Data((0..<32).map { UInt8($0) })

    func device(_ name: String, _ role: Role, counter: Int? = nil) -> QueueStore.Device {
        QueueStore.Device(info: DeviceInfo(name: name, role: role, counter: counter, createdAt: Date(timeIntervalSince1970: 1_700_000_000)), key: key)
    }

    func auth(_ name: String, mac: String? = nil, nonce: String? = nil, protocol version: Int? = protocolVersion) -> [String: Any] {
        var f: [String: Any] = ["type": "auth", "device": name, "nonce": nonce ?? self.nonce,
                                "mac": mac ?? Handshake.clientMAC(key: key, challenge: challenge, nonce: nonce ?? self.nonce, device: name)]
        f["protocol"] = version
        return f
    }

    func request(_ op: String, id: Int64? = 1, requestId: String? = "r-1") -> [String: Any] {
        var f: [String: Any] = ["type": "request", "op": op]
        f["id"] = id
        f["requestId"] = requestId
        return f
    }

    /// One frame as the wire brings it: JSON bytes, read by `ClientMessage`, fed to the machine.
    func feed(_ m: inout SessionMachine, _ frame: [String: Any], lookup: (String) -> QueueStore.Device? = { _ in nil }) -> SessionMachine.Action {
        let data = try! JSONSerialization.data(withJSONObject: frame)
        do { return m.received(try ClientMessage.read(data), lookup: lookup) } catch { return m.received(error) }
    }

    /// A machine already past the handshake as `device`.
    func authenticated(_ d: QueueStore.Device) -> SessionMachine {
        var m = SessionMachine(challenge: challenge)
        let action = feed(&m, auth(d.info.name)) { $0 == d.info.name ? d : nil }
        guard case .authenticated = action else { Issue.record("setup auth failed: \(action)"); return m }
        return m
    }

    /// The refusal an action sends and whether it closes: its request id and code.
    func refusal(_ action: SessionMachine.Action) -> (id: Int64?, code: ErrorCode)? {
        switch action {
        case .send(.error(let id, let error)), .sendAndClose(.error(let id, let error), _): return (id, error.code)
        default: return nil
        }
    }

    func isClosed(_ m: SessionMachine) -> Bool {
        if case .closed = m.state { return true }
        return false
    }

    func expectClosedWith(_ code: ErrorCode, _ action: SessionMachine.Action, _ m: SessionMachine, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .sendAndClose(.error(nil, let error), _) = action else {
            Issue.record("expected sendAndClose \(code), got \(action)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(isClosed(m), sourceLocation: sourceLocation)
    }

    // MARK: Before authentication

    @Test func aCorrectAuthIsWelcomedWithTheDevicesRoleAndCounterAndAProofThatVerifies() {
        let d = device("desk-3", .counter, counter: 3)
        var m = SessionMachine(challenge: challenge)
        let action = feed(&m, auth("desk-3")) { $0 == "desk-3" ? d : nil }
        guard case .authenticated(let who, .welcome(let name, let role, let counter, let proof)) = action else {
            Issue.record("expected authenticated, got \(action)")
            return
        }
        #expect(who == DeviceIdentity(name: "desk-3", role: .counter, counter: 3))
        #expect(name == "desk-3")
        #expect(role == .counter)
        #expect(counter == 3)
        #expect(Handshake.verifyServer(proof: proof, key: key, challenge: challenge, nonce: nonce, device: "desk-3"))
        #expect(!Handshake.verifyServer(proof: proof, key: Data(repeating: 1, count: 32), challenge: challenge, nonce: nonce, device: "desk-3"))
        guard case .authenticated(let state) = m.state else {
            Issue.record("state is not authenticated: \(m.state)")
            return
        }
        #expect(state == who)
    }

    @Test func aWrongMacIsRefusedAndCloses() {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let wrong = Handshake.clientMAC(key: Data(repeating: 9, count: 32), challenge: challenge, nonce: nonce, device: "kiosk-1")
        let action = feed(&m, auth("kiosk-1", mac: wrong)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func aMacForAnotherChallengeIsRefused() {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let stale = Handshake.clientMAC(key: key, challenge: "b3RoZXI=", nonce: nonce, device: "kiosk-1")
        let action = feed(&m, auth("kiosk-1", mac: stale)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func anUnknownDeviceIsRefusedAndCloses() {
        var m = SessionMachine(challenge: challenge)
        let action = feed(&m, auth("nobody")) { _ in nil }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func aShortNonceIsRefusedEvenWithAMatchingMac() {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let short = Data(repeating: 7, count: 15).base64EncodedString()
        let action = feed(&m, auth("kiosk-1", nonce: short)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test(arguments: ["device", "nonce", "mac"])
    func anAuthMissingAFieldIsRefused(field: String) {
        let d = device("kiosk-1", .kiosk)
        var f = auth("kiosk-1")
        f[field] = nil
        var m = SessionMachine(challenge: challenge)
        let action = feed(&m, f) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test(arguments: [nil, 0, 2] as [Int?])
    func aWrongProtocolVersionIsRefused(version: Int?) {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let action = feed(&m, auth("kiosk-1", protocol: version)) { _ in d }
        expectClosedWith(.protocolVersion, action, m)
    }

    @Test func aRequestBeforeAuthIsRefusedAndCloses() {
        var m = SessionMachine(challenge: challenge)
        expectClosedWith(.notAuthenticated, feed(&m, request("status", requestId: nil)), m)
        // So is one that could not be read as a request.
        var other = SessionMachine(challenge: challenge)
        expectClosedWith(.notAuthenticated, feed(&other, request("launch")), other)
    }

    @Test func aFrameAfterCloseIsAnsweredClosed() {
        var m = SessionMachine(challenge: challenge)
        _ = feed(&m, auth("nobody")) { _ in nil }
        let d = device("kiosk-1", .kiosk)
        let action = feed(&m, auth("kiosk-1")) { _ in d }
        expectClosedWith(.closed, action, m)
    }

    // MARK: After authentication

    @Test func pingIsAnsweredWithPong() {
        var m = authenticated(device("display-1", .display))
        #expect(feed(&m, ["type": "ping"]) == .send(.pong))
        #expect(!isClosed(m))
    }

    @Test func aSecondAuthIsAStrikeNotAClose() {
        let d = device("display-1", .display)
        var m = authenticated(d)
        let action = feed(&m, auth("display-1")) { _ in d }
        guard case .send = action else { Issue.record("expected send, got \(action)"); return }
        #expect(refusal(action)?.code == .alreadyAuthenticated)
        #expect(!isClosed(m))
    }

    @Test func anUnknownTypeIsAStrike() {
        var m = authenticated(device("display-1", .display))
        let action = feed(&m, ["type": "hug", "id": 8])
        guard case .send = action else { Issue.record("expected send, got \(action)"); return }
        #expect(refusal(action)?.code == .unknownType)
        #expect(refusal(action)?.id == 8)
        #expect(!isClosed(m))
    }

    @Test func aBadRequestIsAStrikeThatEchoesTheFramesId() {
        var m = authenticated(device("manager-1", .manager))
        let action = feed(&m, request("no-such-op", id: 42))
        guard case .send = action else { Issue.record("expected send, got \(action)"); return }
        #expect(refusal(action)?.id == 42)
        #expect(refusal(action)?.code == .unknownOp)
        #expect(!isClosed(m))

        // A known op without its field: still a strike with the id echoed.
        let second = feed(&m, request("call", id: 43))
        guard case .send = second else { Issue.record("expected send"); return }
        #expect(refusal(second)?.code == .badRequest)
        #expect(refusal(second)?.id == 43)
    }

    @Test func theTenthStrikeClosesWithTooManyErrors() {
        var m = authenticated(device("display-1", .display))
        for i in 1..<SessionMachine.maxStrikes {
            let action = feed(&m, ["type": "hug"])
            #expect(refusal(action)?.code == .unknownType, "strike \(i)")
            #expect(!isClosed(m), "strike \(i)")
        }
        let last = feed(&m, ["type": "hug"])
        expectClosedWith(.tooManyErrors, last, m)
        #expect(SessionMachine.maxStrikes == 10)
    }

    @Test func aGoodFrameDoesNotResetTheStrikes() {
        var m = authenticated(device("display-1", .display))
        for _ in 1..<SessionMachine.maxStrikes {
            _ = feed(&m, ["type": "hug"])
            #expect(feed(&m, ["type": "ping"]) == .send(.pong))
        }
        expectClosedWith(.tooManyErrors, feed(&m, ["type": "hug"]), m)
    }

    @Test(arguments: [nil, ""] as [String?])
    func aChangeWithoutARequestIdIsRefused(requestId: String?) {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("issue", id: 3, requestId: requestId)
        f["service"] = "A"
        let action = feed(&m, f)
        guard case .send = action else { Issue.record("expected send, got \(action)"); return }
        #expect(refusal(action)?.code == .requestIdRequired)
        #expect(refusal(action)?.id == 3)
        #expect(!isClosed(m))
    }

    @Test func aKioskMayNotCall() {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("call", id: 4)
        f["counter"] = 1
        let action = feed(&m, f)
        guard case .send = action else { Issue.record("expected send, got \(action)"); return }
        #expect(refusal(action)?.code == .forbidden)
        #expect(refusal(action)?.id == 4)
    }

    @Test func aCounterDeviceMayNotCallForAnotherCounter() {
        var m = authenticated(device("desk-3", .counter, counter: 3))
        var other = request("call", id: 5)
        other["counter"] = 4
        let refused = feed(&m, other)
        guard case .send = refused else { Issue.record("expected send"); return }
        #expect(refusal(refused)?.code == .forbidden)
        #expect(refusal(refused)?.id == 5)

        var own = request("call", id: 6, requestId: "r-own")
        own["counter"] = 3
        let action = feed(&m, own)
        #expect(action == .submit(id: 6, requestId: "r-own", request: .command(.callNext(counter: 3)), deadline: nil))
    }

    @Test func aValidIssueIsSubmittedWithItsRequestIdAndDeadline() {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("issue", id: 7, requestId: "tap-7")
        f["service"] = "A"
        let deadline = Date(timeIntervalSince1970: 1_800_000_000)
        f["deadline"] = 1_800_000_000_000
        let action = feed(&m, f)
        guard case .submit(let id, let requestId, let req, let d) = action else { Issue.record("expected submit, got \(action)"); return }
        #expect(id == 7)
        #expect(requestId == "tap-7")
        #expect(d == deadline)
        guard case .command(.issue(let service, _, _)) = req else { Issue.record("expected issue, got \(req)"); return }
        #expect(service == "A")
    }

    @Test func aReadRequestCarriesNoRequestIdAndNoDeadline() {
        var m = authenticated(device("display-1", .display))
        var f = request("status", id: 9, requestId: "ignored")
        f["deadline"] = 1_800_000_000_000
        let action = feed(&m, f)
        #expect(action == .submit(id: 9, requestId: nil, request: .status, deadline: nil))
    }

    @Test func aMalformedFrameBeforeAuthClosesButAfterAuthIsAStrike() {
        var fresh = SessionMachine(challenge: challenge)
        let notJSON = BadFrame(type: nil, id: nil, error: QueueError(.badFrame, "not JSON"))
        expectClosedWith(.badFrame, fresh.received(notJSON), fresh)

        var m = authenticated(device("display-1", .display))
        let action = m.received(notJSON)
        #expect(action == .send(.error(id: nil, QueueError(.badFrame, "not JSON"))))
        #expect(!isClosed(m))
    }
}
