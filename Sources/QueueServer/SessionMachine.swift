import Foundation
import QueueCore
import QueueStore
import QueueWire

/// One connection's protocol state, with no channel in it: the handler feeds it frames and
/// carries out the action it returns. Before the handshake only `auth` is accepted.
struct SessionMachine {
    enum State {
        case awaitingAuth(challenge: String)
        case authenticated(DeviceIdentity)
        case closed
    }

    enum Action: Equatable {
        case send(ServerMessage)
        case sendAndClose(ServerMessage, log: String)
        case authenticated(DeviceIdentity, welcome: ServerMessage)
        case submit(id: Int64?, requestId: String?, request: Request, deadline: Date?)
    }

    /// A peer that sends this many bad frames is cut off.
    static let maxStrikes = 10

    private(set) var state: State
    private var strikes = 0

    init(challenge: String) { state = .awaitingAuth(challenge: challenge) }

    /// The `hello` the coordinator sends first.
    static func hello(hall: String, timeZone: String, challenge: String) -> ServerMessage {
        .hello(protocolVersion: protocolVersion, hall: hall, timeZone: timeZone, challenge: challenge)
    }

    mutating func received(_ message: ClientMessage, lookup: (String) -> QueueStore.Device?) -> Action {
        switch (state, message) {
        case (.closed, _):
            return .sendAndClose(.error(id: nil, QueueError(.closed, "The connection is closing.")), log: "frame after close")
        case (.awaitingAuth(let challenge), .auth(let version, let device, let nonce, let mac)):
            return authenticate(version: version, name: device, nonce: nonce, mac: mac, challenge: challenge, lookup: lookup)
        case (.awaitingAuth, .request):
            return notAuthenticated("request")
        case (.awaitingAuth, .ping):
            return notAuthenticated("ping")
        case (.authenticated, .ping):
            return .send(.pong)
        case (.authenticated(let who), .request(let id, let requestId, let deadline, let request)):
            if let refusal = Self.refusal(request, requestId: requestId, from: who) {
                return .send(.error(id: id, refusal))
            }
            return .submit(id: id, requestId: requestId, request: request, deadline: deadline)
        case (.authenticated, .auth):
            return strike(QueueError(.alreadyAuthenticated, "This connection is already authenticated."), id: nil)
        }
    }

    /// A frame that could not be read, or whose request was refused as it was read.
    mutating func received(_ bad: BadFrame) -> Action {
        switch state {
        case .awaitingAuth:
            if let type = bad.type, type != "auth" { return notAuthenticated(type) }
            state = .closed
            return .sendAndClose(.error(id: nil, bad.error), log: "unreadable frame before authentication: \(bad.error.message)")
        case .closed:
            return .sendAndClose(.error(id: nil, QueueError(.closed, "The connection is closing.")), log: "frame after close")
        case .authenticated where bad.type == "auth":
            // Complete or not, a second auth is the same mistake.
            return strike(QueueError(.alreadyAuthenticated, "This connection is already authenticated."), id: bad.id)
        case .authenticated:
            return strike(bad.error, id: bad.id)
        }
    }

    private mutating func notAuthenticated(_ type: String) -> Action {
        state = .closed
        return .sendAndClose(.error(id: nil, QueueError(.notAuthenticated, "Authenticate first: answer hello with an auth frame.")),
                             log: "\(type.prefix(32)) frame before authentication")
    }

    private mutating func strike(_ error: QueueError, id: Int64?) -> Action {
        strikes += 1
        guard strikes < Self.maxStrikes else {
            state = .closed
            return .sendAndClose(.error(id: nil, QueueError(.tooManyErrors, "Too many bad frames; closing. Last: \(error.message)")), log: "too many bad frames")
        }
        return .send(.error(id: id, error))
    }

    private mutating func authenticate(version: Int?, name: String, nonce: String, mac: String, challenge: String,
                                       lookup: (String) -> QueueStore.Device?) -> Action {
        state = .closed
        guard version == protocolVersion else {
            return .sendAndClose(.error(id: nil, QueueError(.protocolVersion, "This coordinator speaks protocol \(protocolVersion); the client sent \(version.map(String.init) ?? "none"). Update the client.")),
                                 log: "wrong protocol version \(version.map(String.init) ?? "none")")
        }
        let refused = ServerMessage.error(id: nil, QueueError(.authFailed, "The device key was not accepted. Check --key-file, or ask a manager for a new key (queuectl device add)."))
        guard Data(base64Encoded: nonce)?.count ?? 0 >= 16 else {
            return .sendAndClose(refused, log: "auth with a short nonce")
        }
        guard let device = lookup(name),
              Handshake.verifyClient(mac: mac, key: device.key, challenge: challenge, nonce: nonce, device: name) else {
            return .sendAndClose(refused, log: "auth failed for device \"\(name.prefix(64))\"")
        }
        let info = device.info
        let who = DeviceIdentity(name: name, role: info.role, counter: info.counter)
        state = .authenticated(who)
        let proof = Handshake.serverProof(key: device.key, challenge: challenge, nonce: nonce, device: name)
        return .authenticated(who, welcome: .welcome(device: name, role: info.role, counter: info.counter, proof: proof))
    }

    /// Why a parsed request may not go to the writer, or nil: the request-id rule, then the role.
    /// The TCP sessions and the in-process entry point (the web console) share it.
    static func refusal(_ request: Request, requestId: String?, from who: DeviceIdentity) -> QueueError? {
        if request.isMutating {
            guard let rid = requestId, !rid.isEmpty, rid.count <= 128 else {
                return QueueError(.requestIdRequired, "A change needs a requestId (1–128 characters) so a retry cannot act twice.")
            }
        }
        guard permits(who.role, who.counter, request) else {
            return QueueError(.forbidden, "Device \"\(who.name)\" (role \(who.role.rawValue)\(who.counter.map { ", counter \($0)" } ?? "")) may not do \"\(request.op)\".")
        }
        return nil
    }

    static func permits(_ role: Role, _ counter: Int?, _ request: Request) -> Bool {
        switch request {
        case .status, .subscribe: return true
        case .command(let command): return role.permits(command, ownCounter: counter)
        case .addDevice, .listDevices, .revokeDevice, .setClock, .advanceClock, .tickets, .report, .bookAppointment,
             .cancelAppointment, .setAppointmentCapacity, .appointments: return role == .manager
        case .checkIn: return role == .kiosk || role == .manager
        // The citizen's touch on a display, or a manager; never the clerk's own counter key.
        case .rate: return role == .display || role == .manager
        // Each board and kiosk speaks for itself only (the state is filed under its own name).
        case .deviceState: return role == .display || role == .kiosk
        }
    }
}
