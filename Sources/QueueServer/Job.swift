import Foundation
import NIOCore
import QueueCore
import QueueStore
import QueueWire

/// Who asks: a device that proved its key (over TCP or to the web console), or a clerk PIN acting
/// as its counter. The name is the actor recorded in the event log and the scope of request ids.
public struct DeviceIdentity: Equatable, Sendable {
    public var name: String
    public var role: Role
    /// For the counter role: the one counter it may operate.
    public var counter: Int?

    public init(name: String, role: Role, counter: Int? = nil) {
        self.name = name
        self.role = role
        self.counter = counter
    }
}

/// Who sent a request: an authenticated device (over TCP, with its channel, or inside the
/// coordinator's process), or the coordinator itself (ticks).
struct Caller: Sendable {
    let identity: DeviceIdentity
    let channel: Channel?

    var device: String { identity.name }

    static let coordinator = Caller(identity: DeviceIdentity(name: "coordinator", role: .manager), channel: nil)
}

/// One submission to the writer, from every kind of caller: who asks, what to do, and where the
/// outcome goes.
struct Job: @unchecked Sendable { // unchecked: its closures run on the writer thread only, one job at a time
    /// The caller's id for this request, copied into a wire reply.
    let id: Int64?
    let requestId: String?
    let work: Work
    let caller: Caller
    /// Hall time after which the change is refused as `expired` (set by the device).
    var deadline: Date? = nil
    let answer: Answer

    enum Work {
        /// A request of the protocol.
        case request(Request)
        /// A change to the store with no wire request (a clerk PIN from the web console), inside
        /// the batch's transaction, remembered under (device, request id) like any other change;
        /// `now` is the coordinator's clock.
        case change((StoreTransaction, _ now: Date) throws -> Reply)
        /// A look at committed state between batches: nothing can commit while it runs.
        case read((HallState, _ now: Date) -> Void)
    }

    /// Where the outcome goes; called on the writer thread.
    enum Answer {
        /// A TCP peer: the reply's bytes, then for a subscription its snapshot or backlog.
        case wire((ByteBuffer) -> Void)
        /// A caller in the coordinator's process: the typed outcome, no JSON.
        case typed((Result<Reply, QueueError>) -> Void)
    }

    init(id: Int64? = nil, requestId: String?, work: Work, caller: Caller, answer: Answer) {
        self.id = id
        self.requestId = requestId
        self.work = work
        self.caller = caller
        self.answer = answer
    }

    var request: Request? {
        if case .request(let request) = work { return request }
        return nil
    }

    /// Whether the writer commits it in the batch's transaction (else it is answered after the commit).
    var writes: Bool {
        switch work {
        case .change: return true
        case .read: return false
        case .request(let request): return request.isMutating || request == .command(.tick)
        }
    }
}

extension Job.Answer {
    var isWire: Bool {
        if case .wire = self { return true }
        return false
    }
}

extension Job {
    /// Gives the caller its outcome: in-process the typed value; on the wire its frame with this
    /// request's id, spliced in front of `spliced` (the bytes already made, without id) or in its
    /// sorted place when encoded here.
    func deliver(_ outcome: Result<Reply, QueueError>, spliced: Data? = nil, out: FrameOut) {
        switch answer {
        case .typed(let give):
            give(outcome)
        case .wire(let send):
            if let spliced {
                send(out.buffer(Writer.withId(id, spliced)))
            } else {
                send(out.buffer(ServerMessage(outcome, id: id)))
            }
        }
    }

    /// A retry of a change already made: the reply remembered for it, byte for byte (with this
    /// request's id), or read back for a caller in the coordinator's process.
    func deliverRemembered(_ data: Data, out: FrameOut) {
        switch answer {
        case .wire(let send):
            send(out.buffer(Writer.withId(id, data)))
        case .typed(let give):
            if let outcome = (try? ServerMessage.read(data))?.outcome {
                give(outcome)
            } else {
                give(.failure(QueueError(.`internal`, "The remembered reply to this request could not be read.")))
            }
        }
    }
}
