import Foundation
import QueueCore
import QueueWire

/// The client's side of the protocol, with no channel in it: `ClientHandler` feeds it every frame
/// and carries out the action it returns. It answers `hello` with a proof of the device's key,
/// accepts the coordinator only once `welcome` proves the coordinator holds the same key, and
/// after that hands on replies and pushed frames.
struct ClientSession {
    /// What the coordinator said about this device and its hall once the handshake is done.
    struct Welcome: Equatable, Sendable {
        var device: String
        var role: Role
        var counter: Int?
        var hall: String
        var timeZone: String
    }

    enum Action: Equatable {
        /// Send this (the `auth` answering `hello`).
        case send(ClientMessage)
        /// The handshake is done.
        case ready(Welcome)
        /// The reply or refusal to request `id`.
        case answer(id: Int64, Result<Reply, QueueError>)
        case push(Push)
        /// Close the connection for this reason.
        case fail(QueueError)
        /// Nothing to do (`pong`, or a frame type a newer coordinator added).
        case ignore
    }

    enum State: Equatable {
        case awaitingHello
        case awaitingWelcome(challenge: String, hall: String, timeZone: String)
        case ready
        case failed
    }

    private(set) var state = State.awaitingHello
    let device: String
    let key: Data
    let nonce: String

    init(device: String, key: Data, nonce: String = Handshake.randomBase64()) {
        self.device = device
        self.key = key
        self.nonce = nonce
    }

    mutating func received(_ message: ServerMessage) -> Action {
        switch (state, message) {
        case (.failed, _):
            return .ignore
        case (.ready, .error(let id?, let error)):
            return .answer(id: id, .failure(error))
        case (_, .error(_, let error)):
            // A refusal of the connection itself (auth failed, idle, revoked, too many errors).
            return fail(error)
        case (.awaitingHello, .hello(let version, let hall, let timeZone, let challenge)):
            guard version == protocolVersion, let challenge else {
                return fail(QueueError(.protocolVersion, "The coordinator speaks protocol \(version.map(String.init) ?? "?"); this client speaks \(protocolVersion). Update one of them."))
            }
            state = .awaitingWelcome(challenge: challenge, hall: hall, timeZone: timeZone)
            let mac = Handshake.clientMAC(key: key, challenge: challenge, nonce: nonce, device: device)
            return .send(.auth(protocolVersion: protocolVersion, device: device, nonce: nonce, mac: mac))
        case (.awaitingWelcome(let challenge, let hall, let timeZone), .welcome(let name, let role, let counter, let proof)):
            guard Handshake.verifyServer(proof: proof, key: key, challenge: challenge, nonce: nonce, device: device) else {
                return fail(QueueError(.impostor, "The server did not prove it holds this device's key; it is not our coordinator."))
            }
            state = .ready
            return .ready(Welcome(device: name, role: role, counter: counter, hall: hall, timeZone: timeZone))
        case (.ready, .reply(let id?, let reply)):
            return .answer(id: id, .success(reply))
        case (.ready, .push(let push)):
            return .push(push)
        case (.ready, _):
            return .ignore
        default:
            return fail(QueueError(.badFrame, "The coordinator sent \"\(message.typeName)\" during the handshake; is it a coordinator of this version?"))
        }
    }

    private mutating func fail(_ error: QueueError) -> Action {
        state = .failed
        return .fail(error)
    }
}
