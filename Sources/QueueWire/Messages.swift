import Foundation
import QueueCore

/// Everything a client sends, typed. On the wire each is one flat JSON object whose `type` says
/// what it is (`ClientFrame`, the one mapping; docs/PROTOCOL.md).
public enum ClientMessage: Equatable, Sendable, Encodable {
    /// The answer to `hello`: the device's name, a fresh nonce, and the MAC proving its key.
    case auth(protocolVersion: Int?, device: String, nonce: String, mac: String)
    /// A request. A change carries a `requestId` (a retry reuses it) and may carry a `deadline`
    /// (hall time) after which it is refused as `expired`; a read carries neither.
    case request(id: Int64?, requestId: String?, deadline: Date?, Request)
    case ping

    /// Reads a frame body, or says what is wrong with it and, when it got that far, the frame's
    /// type and id (so the refusal can answer that id). Text fields come out normalised and
    /// within `TextLimits`.
    public static func read(_ data: Data, decoder: JSONDecoder = WireJSON.decoder()) throws(BadFrame) -> ClientMessage {
        let f: ClientFrame
        do { f = try WireJSON.decode(ClientFrame.self, from: data, decoder: decoder) } catch {
            throw BadFrame(type: nil, id: nil, error: error as? QueueError ?? QueueError(.badFrame, "\(error)"))
        }
        switch f.type {
        case "auth":
            // Another protocol version may name its fields otherwise: let the version be refused first.
            if f.protocol != protocolVersion {
                return .auth(protocolVersion: f.protocol, device: f.device ?? "", nonce: f.nonce ?? "", mac: f.mac ?? "")
            }
            guard let device = f.device, let nonce = f.nonce, let mac = f.mac else {
                throw BadFrame(type: f.type, id: f.id, error: QueueError(.authFailed, "An auth frame needs \"device\", \"nonce\" and \"mac\"."))
            }
            return .auth(protocolVersion: f.protocol, device: device, nonce: nonce, mac: mac)
        case "request":
            do {
                let request = try Request(frame: f)
                let mutating = request.isMutating
                return .request(id: f.id, requestId: mutating ? f.requestId : nil, deadline: mutating ? f.deadline : nil, request)
            } catch {
                throw BadFrame(type: f.type, id: f.id, error: error as? QueueError ?? QueueError(.badRequest, "\(error)"))
            }
        case "ping":
            return .ping
        default:
            throw BadFrame(type: f.type, id: f.id, error: QueueError(.unknownType, "Unknown frame type \"\(f.type)\"; a client sends auth, request or ping."))
        }
    }

    var frame: ClientFrame {
        switch self {
        case .auth(let version, let device, let nonce, let mac):
            var f = ClientFrame(type: "auth")
            f.protocol = version
            f.device = device
            f.nonce = nonce
            f.mac = mac
            return f
        case .request(let id, let requestId, let deadline, let request):
            var f = request.frame(id: id, requestId: requestId)
            if request.isMutating { f.deadline = deadline }
            return f
        case .ping:
            return ClientFrame(type: "ping")
        }
    }

    public func encode(to encoder: Encoder) throws { try frame.encode(to: encoder) }
}

/// A client frame that could not be read: why, and as far as it was read, its type and id.
public struct BadFrame: Error, Equatable, Sendable {
    public var type: String?
    public var id: Int64?
    public var error: QueueError

    public init(type: String?, id: Int64?, error: QueueError) {
        self.type = type
        self.id = id
        self.error = error
    }
}

/// Everything the coordinator sends, typed (`ServerFrame` is its JSON shape).
public enum ServerMessage: Equatable, Sendable, Encodable {
    /// Sent first: the protocol, the hall's name and IANA time zone, and the challenge to answer.
    case hello(protocolVersion: Int?, hall: String, timeZone: String, challenge: String?)
    /// The handshake is done: who the coordinator knows this device as, and its proof that it
    /// holds the same key.
    case welcome(device: String, role: Role, counter: Int?, proof: String)
    /// The answer to request `id`.
    case reply(id: Int64?, Reply)
    /// A refusal: of request `id`, or with no id, of the connection itself (which then closes).
    case error(id: Int64?, QueueError)
    case push(Push)
    case pong
    /// A frame type this build does not know (a newer coordinator's); a client ignores it.
    case unknown(type: String)

    /// The answer to request `id`: its reply, or its refusal.
    public init(_ outcome: Result<Reply, QueueError>, id: Int64?) {
        switch outcome {
        case .success(let reply): self = .reply(id: id, reply)
        case .failure(let error): self = .error(id: id, error)
        }
    }

    /// The outcome this message answers, for a reply or an error.
    public var outcome: Result<Reply, QueueError>? {
        switch self {
        case .reply(_, let reply): return .success(reply)
        case .error(_, let error): return .failure(error)
        default: return nil
        }
    }

    /// Reads a frame body from the coordinator.
    public static func read(_ data: Data, decoder: JSONDecoder = WireJSON.decoder()) throws(QueueError) -> ServerMessage {
        let f: ServerFrame
        do { f = try WireJSON.decode(ServerFrame.self, from: data, decoder: decoder) } catch {
            throw error as? QueueError ?? QueueError(.badFrame, "\(error)")
        }
        switch f.type {
        case "hello":
            return .hello(protocolVersion: f.protocol, hall: f.hall ?? "", timeZone: f.timeZone ?? "", challenge: f.challenge)
        case "welcome":
            guard let device = f.device, let role = f.role, let proof = f.proof else {
                throw QueueError(.badFrame, "A welcome frame needs \"device\", \"role\" and \"proof\".")
            }
            return .welcome(device: device, role: role, counter: f.counter, proof: proof)
        case "reply":
            return .reply(id: f.id, Reply(frame: f))
        case "error":
            return .error(id: f.id, QueueError(ErrorCode(rawValue: f.code ?? "error"), f.message ?? "The coordinator refused."))
        case "event", "snapshot":
            guard let push = Push(frame: f) else { throw QueueError(.badFrame, "A \(f.type) frame without its content.") }
            return .push(push)
        case "pong":
            return .pong
        default:
            return .unknown(type: f.type)
        }
    }

    var frame: ServerFrame {
        switch self {
        case .hello(let version, let hall, let timeZone, let challenge):
            var f = ServerFrame(type: "hello")
            f.protocol = version
            f.hall = hall
            f.timeZone = timeZone
            f.challenge = challenge
            return f
        case .welcome(let device, let role, let counter, let proof):
            var f = ServerFrame(type: "welcome")
            f.device = device
            f.role = role
            f.counter = counter
            f.proof = proof
            return f
        case .reply(let id, let reply):
            var f = reply.frame
            f.id = id
            return f
        case .error(let id, let error):
            var f = ServerFrame(type: "error")
            f.id = id
            f.code = error.code.rawValue
            f.message = error.message
            return f
        case .push(let push):
            return push.frame
        case .pong:
            return ServerFrame(type: "pong")
        case .unknown(let type):
            return ServerFrame(type: type)
        }
    }

    /// The bytes of `.push(.event(e))` from `e`'s own JSON (as the event log stores it): the
    /// coordinator encodes each event once for its log and all its subscribers.
    public static func eventFrame(encodedEvent: Data) -> Data {
        var frame = Data("{\"event\":".utf8)
        frame.append(encodedEvent)
        frame.append(Data(",\"type\":\"event\"}".utf8))
        return frame
    }

    /// The bytes of a `report` reply (without id) from the report's own JSON: a year's report is
    /// large, and is encoded once.
    public static func reportFrame(encodedReport: Data) -> Data {
        var frame = Data("{\"report\":".utf8)
        frame.append(encodedReport)
        frame.append(Data(",\"type\":\"reply\"}".utf8))
        return frame
    }

    /// The frame's `type` on the wire ("hello", "reply", …), for messages about it.
    public var typeName: String { frame.type }

    public func encode(to encoder: Encoder) throws { try frame.encode(to: encoder) }
}
