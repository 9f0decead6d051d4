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
        case send(ServerFrame)
        case sendAndClose(ServerFrame, log: String)
        case authenticated(DeviceIdentity, welcome: ServerFrame)
        case submit(id: Int64?, requestId: String?, request: Request, deadline: Date?)
    }

    /// A peer that sends this many bad frames is cut off.
    static let maxStrikes = 10

    private(set) var state: State
    private var strikes = 0

    init(challenge: String) { state = .awaitingAuth(challenge: challenge) }

    /// The `hello` the coordinator sends first.
    static func hello(hall: String, timeZone: String, challenge: String) -> ServerFrame {
        var f = ServerFrame(type: "hello")
        f.protocol = protocolVersion
        f.hall = hall
        f.timeZone = timeZone
        f.challenge = challenge
        return f
    }

    mutating func received(_ frame: ClientFrame, lookup: (String) -> QueueStore.Device?) -> Action {
        switch state {
        case .closed:
            return .sendAndClose(.error(QueueError(.closed, "The connection is closing.")), log: "frame after close")
        case .awaitingAuth(let challenge):
            return authenticate(frame, challenge: challenge, lookup: lookup)
        case .authenticated(let who):
            switch frame.type {
            case "ping":
                return .send(ServerFrame(type: "pong"))
            case "request":
                return request(frame, from: who)
            case "auth":
                return strike(QueueError(.alreadyAuthenticated, "This connection is already authenticated."), id: frame.id)
            default:
                return strike(QueueError(.unknownType, "Unknown frame type \"\(frame.type)\"; a client sends auth, request or ping."), id: frame.id)
            }
        }
    }

    /// A frame that could not be read at all.
    mutating func malformed(_ error: QueueError) -> Action {
        if case .awaitingAuth = state {
            state = .closed
            return .sendAndClose(.error(error), log: "malformed frame before authentication: \(error.message)")
        }
        return strike(error, id: nil)
    }

    private mutating func strike(_ error: QueueError, id: Int64?) -> Action {
        strikes += 1
        guard strikes < Self.maxStrikes else {
            state = .closed
            return .sendAndClose(.error(QueueError(.tooManyErrors, "Too many bad frames; closing. Last: \(error.message)")), log: "too many bad frames")
        }
        return .send(.error(error, id: id))
    }

    private mutating func authenticate(_ f: ClientFrame, challenge: String, lookup: (String) -> QueueStore.Device?) -> Action {
        state = .closed
        guard f.type == "auth" else {
            return .sendAndClose(.error(QueueError(.notAuthenticated, "Authenticate first: answer hello with an auth frame.")), log: "\(f.type) frame before authentication")
        }
        guard f.protocol == protocolVersion else {
            return .sendAndClose(.error(QueueError(.protocolVersion, "This coordinator speaks protocol \(protocolVersion); the client sent \(f.protocol.map(String.init) ?? "none"). Update the client.")),
                                 log: "wrong protocol version \(f.protocol.map(String.init) ?? "none")")
        }
        let refused = ServerFrame.error(QueueError(.authFailed, "The device key was not accepted. Check --key-file, or ask a manager for a new key (queuectl device add)."))
        guard let name = f.device, let nonce = f.nonce, let mac = f.mac, Data(base64Encoded: nonce)?.count ?? 0 >= 16 else {
            return .sendAndClose(refused, log: "incomplete auth frame")
        }
        guard let device = lookup(name),
              Handshake.verifyClient(mac: mac, key: device.key, challenge: challenge, nonce: nonce, device: name) else {
            return .sendAndClose(refused, log: "auth failed for device \"\(name.prefix(64))\"")
        }
        let info = device.info
        let who = DeviceIdentity(name: name, role: info.role, counter: info.counter)
        state = .authenticated(who)
        var welcome = ServerFrame(type: "welcome")
        welcome.device = name
        welcome.role = info.role
        welcome.counter = info.counter
        welcome.proof = Handshake.serverProof(key: device.key, challenge: challenge, nonce: nonce, device: name)
        return .authenticated(who, welcome: welcome)
    }

    private mutating func request(_ f: ClientFrame, from who: DeviceIdentity) -> Action {
        let request: Request
        do { request = try Request(frame: f) } catch let error as QueueError {
            return strike(error, id: f.id)
        } catch {
            return strike(QueueError(.badRequest, "\(error)"), id: f.id)
        }
        if let refusal = Self.refusal(request, requestId: f.requestId, from: who, op: f.op ?? "") {
            return .send(.error(refusal, id: f.id))
        }
        return .submit(id: f.id, requestId: request.isMutating ? f.requestId : nil, request: request, deadline: request.isMutating ? f.deadline : nil)
    }

    /// Why a parsed request may not go to the writer, or nil: the request-id rule, then the role.
    /// The TCP sessions and the in-process entry point (the web console) share it.
    static func refusal(_ request: Request, requestId: String?, from who: DeviceIdentity, op: String) -> QueueError? {
        if request.isMutating {
            guard let rid = requestId, !rid.isEmpty, rid.count <= 128 else {
                return QueueError(.requestIdRequired, "A change needs a requestId (1–128 characters) so a retry cannot act twice.")
            }
        }
        guard permits(who.role, who.counter, request) else {
            return QueueError(.forbidden, "Device \"\(who.name)\" (role \(who.role.rawValue)\(who.counter.map { ", counter \($0)" } ?? "")) may not do \"\(op)\".")
        }
        return nil
    }

    static func permits(_ role: Role, _ counter: Int?, _ request: Request) -> Bool {
        switch request {
        case .status, .subscribe: return true
        case .command(let command): return role.permits(command, ownCounter: counter)
        case .addDevice, .listDevices, .revokeDevice, .setClock, .advanceClock, .tickets, .report: return role == .manager
        }
    }
}
