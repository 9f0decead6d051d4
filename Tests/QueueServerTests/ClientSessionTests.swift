import Foundation
import QueueCore
import QueueStore
import QueueWire
import Testing
@testable import QueueClient
@testable import QueueServer

/// The client's `ClientSession` driven directly, with no channel: against the coordinator's own
/// `SessionMachine` for the handshake, then frame by frame.
@Suite struct ClientSessionTests {
    let challenge = Handshake.randomBase64()
    let key = Data((0..<32).map { UInt8($0) })
    let at = Date(timeIntervalSince1970: 1_796_000_400)

    func device(_ name: String, _ role: Role, counter: Int? = nil, key: Data? = nil) -> QueueStore.Device {
        QueueStore.Device(info: DeviceInfo(name: name, role: role, counter: counter, createdAt: at), key: key ?? self.key)
    }

    var hello: ServerMessage { SessionMachine.hello(hall: "Phường Ba Đình", timeZone: "Asia/Ho_Chi_Minh", challenge: challenge) }

    /// Client and server machines talk until the client is ready or fails.
    func handshake(_ client: inout ClientSession, server known: QueueStore.Device) -> ClientSession.Action {
        var server = SessionMachine(challenge: challenge)
        guard case .send(let auth) = client.received(hello) else { return .ignore }
        switch server.received(auth, lookup: { $0 == known.info.name ? known : nil }) {
        case .authenticated(_, let welcome): return client.received(welcome)
        case .sendAndClose(let refusal, _): return client.received(refusal)
        default: return .ignore
        }
    }

    func ready(_ name: String = "desk-3") -> ClientSession {
        var client = ClientSession(device: name, key: key)
        _ = handshake(&client, server: device(name, .counter, counter: 3))
        return client
    }

    @Test func theHandshakeWithTheRealServerMachineEndsReadyWithTheDevicesRoleAndHall() {
        var client = ClientSession(device: "desk-3", key: key)
        let action = handshake(&client, server: device("desk-3", .counter, counter: 3))
        #expect(action == .ready(.init(device: "desk-3", role: .counter, counter: 3, hall: "Phường Ba Đình", timeZone: "Asia/Ho_Chi_Minh")))
        #expect(client.state == .ready)
    }

    @Test func theAuthAnswersHelloWithAMacTheServerCanCheck() {
        var client = ClientSession(device: "kiosk-1", key: key, nonce: Data(repeating: 9, count: 32).base64EncodedString())
        guard case .send(.auth(let version, let name, let nonce, let mac)) = client.received(hello) else { Issue.record("no auth"); return }
        #expect(version == protocolVersion && name == "kiosk-1")
        #expect(Handshake.verifyClient(mac: mac, key: key, challenge: challenge, nonce: nonce, device: "kiosk-1"))
    }

    @Test func aWrongKeyOnTheClientIsRefusedByTheServerAndTheClientFailsWithItsCode() {
        var client = ClientSession(device: "desk-3", key: Data(repeating: 1, count: 32))
        guard case .fail(let error) = handshake(&client, server: device("desk-3", .counter, counter: 3)) else { Issue.record("not failed"); return }
        #expect(error.code == .authFailed)
        #expect(client.state == .failed)
    }

    @Test func aServerThatCannotProveTheKeyIsAnImpostor() {
        var client = ClientSession(device: "desk-3", key: key)
        _ = client.received(hello)
        // An impostor that accepts anything but holds another key.
        let proof = Handshake.serverProof(key: Data(repeating: 2, count: 32), challenge: challenge, nonce: client.nonce, device: "desk-3")
        guard case .fail(let error) = client.received(.welcome(device: "desk-3", role: .counter, counter: nil, proof: proof)) else { Issue.record("impostor accepted"); return }
        #expect(error.code == .impostor)
        #expect(client.received(.reply(id: 1, .changed(events: [], now: nil))) == .ignore, "nothing is read after a failure")
    }

    @Test func anotherProtocolVersionInHelloFails() {
        var client = ClientSession(device: "desk-3", key: key)
        let old = ServerMessage.hello(protocolVersion: protocolVersion + 1, hall: "Phường Ba Đình", timeZone: "Asia/Ho_Chi_Minh", challenge: challenge)
        guard case .fail(let error) = client.received(old) else { Issue.record("accepted"); return }
        #expect(error.code == .protocolVersion)
    }

    @Test func repliesAndPushesBeforeTheHandshakeEndsFail() {
        let ticket = Ticket(id: 1, day: "2026-11-30", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: at)
        let early: [ServerMessage] = [
            .reply(id: 1, .changed(events: [], now: nil)), .push(.event(Event(seq: 1, at: at, kind: .issued, device: "kiosk-1", ticket: ticket))),
            .push(.snapshot(HallState(config: HallConfig(hall: .init(name: "Hall", level: "ward", hours: OpeningHours(sessions: [])), services: [], counters: [])), now: at)),
            .welcome(device: "desk-3", role: .counter, counter: 3, proof: "bm9wZQ=="),
        ]
        for message in early {
            var client = ClientSession(device: "desk-3", key: key)
            guard case .fail(let error) = client.received(message) else { Issue.record("\(message.typeName) accepted before hello"); continue }
            #expect(error.code == .badFrame || error.code == .impostor, "\(message.typeName): \(error)")
        }
    }

    @Test func onceReadyRepliesGoToTheirIdPushesAreTypedAndPongIsIgnored() {
        var client = ready()
        let reply = Reply.changed(events: [], now: nil)
        #expect(client.received(.reply(id: 7, reply)) == .answer(id: 7, .success(reply)))
        let refusal = QueueError(.queueEmpty, "No one is waiting.")
        #expect(client.received(.error(id: 8, refusal)) == .answer(id: 8, .failure(refusal)))
        let ticket = Ticket(id: 1, day: "2026-11-30", service: "A", number: 1, label: "A001", priority: .normal, issuedAt: at)
        let event = Event(seq: 5, at: at, kind: .issued, device: "kiosk-1", ticket: ticket)
        #expect(client.received(.push(.event(event))) == .push(.event(event)))
        #expect(client.received(.pong) == .ignore)
        #expect(client.received(try! ServerMessage.read(Data(#"{"type":"a-frame-from-a-newer-coordinator"}"#.utf8))) == .ignore)
        #expect(client.state == .ready)
    }

    @Test func anErrorWithNoIdOnceReadyClosesWithItsReason() {
        var client = ready()
        guard case .fail(let error) = client.received(.error(id: nil, QueueError(.revoked, "This device's key was revoked."))) else { Issue.record("kept open"); return }
        #expect(error.code == .revoked && error.message == "This device's key was revoked.")
    }
}
