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

    func auth(_ name: String, mac: String? = nil, nonce: String? = nil, protocol version: Int? = protocolVersion) -> ClientFrame {
        var f = ClientFrame(type: "auth")
        f.protocol = version
        f.device = name
        f.nonce = nonce ?? self.nonce
        f.mac = mac ?? Handshake.clientMAC(key: key, challenge: challenge, nonce: nonce ?? self.nonce, device: name)
        return f
    }

    func request(_ op: String, id: Int64? = 1, requestId: String? = "r-1") -> ClientFrame {
        var f = ClientFrame(type: "request")
        f.op = op
        f.id = id
        f.requestId = requestId
        return f
    }

    /// A machine already past the handshake as `device`.
    func authenticated(_ d: QueueStore.Device) -> SessionMachine {
        var m = SessionMachine(challenge: challenge)
        let action = m.received(auth(d.info.name)) { $0 == d.info.name ? d : nil }
        guard case .authenticated = action else { Issue.record("setup auth failed: \(action)"); return m }
        return m
    }

    func errorCode(_ action: SessionMachine.Action) -> String? {
        switch action {
        case .send(let f), .sendAndClose(let f, _): return f.type == "error" ? f.code : nil
        default: return nil
        }
    }

    func isClosed(_ m: SessionMachine) -> Bool {
        if case .closed = m.state { return true }
        return false
    }

    func expectClosedWith(_ code: ErrorCode, _ action: SessionMachine.Action, _ m: SessionMachine, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .sendAndClose(let f, _) = action else {
            Issue.record("expected sendAndClose \(code), got \(action)", sourceLocation: sourceLocation)
            return
        }
        #expect(f.type == "error", sourceLocation: sourceLocation)
        #expect(f.code == code.rawValue, sourceLocation: sourceLocation)
        #expect(isClosed(m), sourceLocation: sourceLocation)
    }

    // MARK: Before authentication

    @Test func aCorrectAuthIsWelcomedWithTheDevicesRoleAndCounterAndAProofThatVerifies() {
        let d = device("desk-3", .counter, counter: 3)
        var m = SessionMachine(challenge: challenge)
        let action = m.received(auth("desk-3")) { $0 == "desk-3" ? d : nil }
        guard case .authenticated(let who, let welcome) = action else {
            Issue.record("expected authenticated, got \(action)")
            return
        }
        #expect(who == DeviceIdentity(name: "desk-3", role: .counter, counter: 3))
        #expect(welcome.type == "welcome")
        #expect(welcome.device == "desk-3")
        #expect(welcome.role == .counter)
        #expect(welcome.counter == 3)
        #expect(welcome.proof != nil)
        let proof = welcome.proof ?? ""
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
        let action = m.received(auth("kiosk-1", mac: wrong)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func aMacForAnotherChallengeIsRefused() {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let stale = Handshake.clientMAC(key: key, challenge: "b3RoZXI=", nonce: nonce, device: "kiosk-1")
        let action = m.received(auth("kiosk-1", mac: stale)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func anUnknownDeviceIsRefusedAndCloses() {
        var m = SessionMachine(challenge: challenge)
        let action = m.received(auth("nobody")) { _ in nil }
        expectClosedWith(.authFailed, action, m)
    }

    @Test func aShortNonceIsRefusedEvenWithAMatchingMac() {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let short = Data(repeating: 7, count: 15).base64EncodedString()
        let action = m.received(auth("kiosk-1", nonce: short)) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test(arguments: ["device", "nonce", "mac"])
    func anAuthMissingAFieldIsRefused(field: String) {
        let d = device("kiosk-1", .kiosk)
        var f = auth("kiosk-1")
        switch field {
        case "device": f.device = nil
        case "nonce": f.nonce = nil
        default: f.mac = nil
        }
        var m = SessionMachine(challenge: challenge)
        let action = m.received(f) { _ in d }
        expectClosedWith(.authFailed, action, m)
    }

    @Test(arguments: [nil, 0, 2] as [Int?])
    func aWrongProtocolVersionIsRefused(version: Int?) {
        let d = device("kiosk-1", .kiosk)
        var m = SessionMachine(challenge: challenge)
        let action = m.received(auth("kiosk-1", protocol: version)) { _ in d }
        expectClosedWith(.protocolVersion, action, m)
    }

    @Test func aRequestBeforeAuthIsRefusedAndCloses() {
        var m = SessionMachine(challenge: challenge)
        let action = m.received(request("status", requestId: nil)) { _ in nil }
        expectClosedWith(.notAuthenticated, action, m)
    }

    @Test func aFrameAfterCloseIsAnsweredClosed() {
        var m = SessionMachine(challenge: challenge)
        _ = m.received(auth("nobody")) { _ in nil }
        let d = device("kiosk-1", .kiosk)
        let action = m.received(auth("kiosk-1")) { _ in d }
        expectClosedWith(.closed, action, m)
    }

    // MARK: After authentication

    @Test func pingIsAnsweredWithPong() {
        var m = authenticated(device("display-1", .display))
        #expect(m.received(ClientFrame(type: "ping")) { _ in nil } == .send(ServerFrame(type: "pong")))
        #expect(!isClosed(m))
    }

    @Test func aSecondAuthIsAStrikeNotAClose() {
        let d = device("display-1", .display)
        var m = authenticated(d)
        var f = auth("display-1")
        f.id = 5
        let action = m.received(f) { _ in d }
        guard case .send(let reply) = action else { Issue.record("expected send, got \(action)"); return }
        #expect(reply.code == ErrorCode.alreadyAuthenticated.rawValue)
        #expect(reply.id == 5)
        #expect(!isClosed(m))
    }

    @Test func anUnknownTypeIsAStrike() {
        var m = authenticated(device("display-1", .display))
        var f = ClientFrame(type: "hug")
        f.id = 8
        let action = m.received(f) { _ in nil }
        guard case .send(let reply) = action else { Issue.record("expected send, got \(action)"); return }
        #expect(reply.code == ErrorCode.unknownType.rawValue)
        #expect(reply.id == 8)
        #expect(!isClosed(m))
    }

    @Test func aBadRequestIsAStrikeThatEchoesTheFramesId() {
        var m = authenticated(device("manager-1", .manager))
        let action = m.received(request("no-such-op", id: 42)) { _ in nil }
        guard case .send(let reply) = action else { Issue.record("expected send, got \(action)"); return }
        #expect(reply.type == "error")
        #expect(reply.id == 42)
        #expect(reply.code != nil)
        #expect(!isClosed(m))

        // A known op without its field: still a strike with the id echoed.
        var missing = request("call", id: 43)
        missing.counter = nil
        guard case .send(let second) = m.received(missing, lookup: { _ in nil }) else { Issue.record("expected send"); return }
        #expect(second.code == ErrorCode.badRequest.rawValue)
        #expect(second.id == 43)
    }

    @Test func theTenthStrikeClosesWithTooManyErrors() {
        var m = authenticated(device("display-1", .display))
        for i in 1..<SessionMachine.maxStrikes {
            let action = m.received(ClientFrame(type: "hug")) { _ in nil }
            #expect(errorCode(action) == ErrorCode.unknownType.rawValue, "strike \(i)")
            #expect(!isClosed(m), "strike \(i)")
        }
        let last = m.received(ClientFrame(type: "hug")) { _ in nil }
        expectClosedWith(.tooManyErrors, last, m)
        #expect(SessionMachine.maxStrikes == 10)
    }

    @Test func aGoodFrameDoesNotResetTheStrikes() {
        var m = authenticated(device("display-1", .display))
        for _ in 1..<SessionMachine.maxStrikes {
            _ = m.received(ClientFrame(type: "hug")) { _ in nil }
            #expect(m.received(ClientFrame(type: "ping")) { _ in nil } == .send(ServerFrame(type: "pong")))
        }
        expectClosedWith(.tooManyErrors, m.received(ClientFrame(type: "hug")) { _ in nil }, m)
    }

    @Test(arguments: [nil, ""] as [String?])
    func aChangeWithoutARequestIdIsRefused(requestId: String?) {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("issue", id: 3, requestId: requestId)
        f.service = "A"
        let action = m.received(f) { _ in nil }
        guard case .send(let reply) = action else { Issue.record("expected send, got \(action)"); return }
        #expect(reply.code == ErrorCode.requestIdRequired.rawValue)
        #expect(reply.id == 3)
        #expect(!isClosed(m))
    }

    @Test func aKioskMayNotCall() {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("call", id: 4)
        f.counter = 1
        let action = m.received(f) { _ in nil }
        guard case .send(let reply) = action else { Issue.record("expected send, got \(action)"); return }
        #expect(reply.code == ErrorCode.forbidden.rawValue)
        #expect(reply.id == 4)
    }

    @Test func aCounterDeviceMayNotCallForAnotherCounter() {
        var m = authenticated(device("desk-3", .counter, counter: 3))
        var other = request("call", id: 5)
        other.counter = 4
        guard case .send(let reply) = m.received(other, lookup: { _ in nil }) else { Issue.record("expected send"); return }
        #expect(reply.code == ErrorCode.forbidden.rawValue)
        #expect(reply.id == 5)

        var own = request("call", id: 6, requestId: "r-own")
        own.counter = 3
        let action = m.received(own) { _ in nil }
        #expect(action == .submit(id: 6, requestId: "r-own", request: .command(.callNext(counter: 3)), deadline: nil))
    }

    @Test func aValidIssueIsSubmittedWithItsRequestIdAndDeadline() {
        var m = authenticated(device("kiosk-1", .kiosk))
        var f = request("issue", id: 7, requestId: "tap-7")
        f.service = "A"
        let deadline = Date(timeIntervalSince1970: 1_800_000_000)
        f.deadline = deadline
        let action = m.received(f) { _ in nil }
        guard case .submit(let id, let requestId, let req, let d) = action else { Issue.record("expected submit, got \(action)"); return }
        #expect(id == 7)
        #expect(requestId == "tap-7")
        #expect(d == deadline)
        guard case .command(.issue(let service, _)) = req else { Issue.record("expected issue, got \(req)"); return }
        #expect(service == "A")
    }

    @Test func aReadRequestCarriesNoRequestIdAndNoDeadline() {
        var m = authenticated(device("display-1", .display))
        var f = request("status", id: 9, requestId: "ignored")
        f.deadline = Date(timeIntervalSince1970: 1_800_000_000)
        let action = m.received(f) { _ in nil }
        #expect(action == .submit(id: 9, requestId: nil, request: .status, deadline: nil))
    }

    @Test func aMalformedFrameBeforeAuthClosesButAfterAuthIsAStrike() {
        var fresh = SessionMachine(challenge: challenge)
        expectClosedWith(.badFrame, fresh.malformed(QueueError(.badFrame, "not JSON")), fresh)

        var m = authenticated(device("display-1", .display))
        let action = m.malformed(QueueError(.badFrame, "not JSON"))
        #expect(action == .send(.error(QueueError(.badFrame, "not JSON"))))
        #expect(!isClosed(m))
    }
}
