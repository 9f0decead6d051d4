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
        /// Send this frame (the `auth` answering `hello`).
        case send(ClientFrame)
        /// The handshake is done.
        case ready(Welcome)
        /// The reply or refusal to request `id`.
        case answer(id: Int64, ServerFrame)
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

    mutating func received(_ frame: ServerFrame) -> Action {
        switch (state, frame.type) {
        case (.failed, _):
            return .ignore
        case (_, "error") where frame.id == nil || state != .ready:
            // A refusal of the connection itself (auth failed, idle, revoked, too many errors).
            return fail(QueueError(ErrorCode(rawValue: frame.code ?? "error"), frame.message ?? "The coordinator closed the connection."))
        case (.awaitingHello, "hello"):
            guard frame.protocol == protocolVersion, let challenge = frame.challenge else {
                return fail(QueueError(.protocolVersion, "The coordinator speaks protocol \(frame.protocol.map(String.init) ?? "?"); this client speaks \(protocolVersion). Update one of them."))
            }
            state = .awaitingWelcome(challenge: challenge, hall: frame.hall ?? "", timeZone: frame.timeZone ?? "")
            var auth = ClientFrame(type: "auth")
            auth.protocol = protocolVersion
            auth.device = device
            auth.nonce = nonce
            auth.mac = Handshake.clientMAC(key: key, challenge: challenge, nonce: nonce, device: device)
            return .send(auth)
        case (.awaitingWelcome(let challenge, let hall, let timeZone), "welcome"):
            guard let proof = frame.proof, Handshake.verifyServer(proof: proof, key: key, challenge: challenge, nonce: nonce, device: device) else {
                return fail(QueueError(.impostor, "The server did not prove it holds this device's key; it is not our coordinator."))
            }
            state = .ready
            return .ready(Welcome(device: frame.device ?? device, role: frame.role ?? .display, counter: frame.counter, hall: hall, timeZone: timeZone))
        case (.ready, "reply"), (.ready, "error"):
            guard let id = frame.id else { return .ignore }
            return .answer(id: id, frame)
        case (.ready, "event"), (.ready, "snapshot"):
            return Push(frame: frame).map(Action.push) ?? .ignore
        case (.ready, _):
            return .ignore
        default:
            return fail(QueueError(.badFrame, "The coordinator sent \"\(frame.type)\" during the handshake; is it a coordinator of this version?"))
        }
    }

    private mutating func fail(_ error: QueueError) -> Action {
        state = .failed
        return .fail(error)
    }
}
