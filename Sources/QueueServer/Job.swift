import Foundation
import NIOCore
import QueueCore
import QueueStore
import QueueWire

/// Who sent a request: an authenticated device, or the coordinator itself (ticks).
struct Caller: Sendable {
    let device: String
    let role: Role
    let counter: Int?
    let channel: Channel?

    static let coordinator = Caller(device: "coordinator", role: .manager, counter: nil, channel: nil)
}

/// One request waiting for the writer.
struct Job: @unchecked Sendable {
    let id: Int64?
    let requestId: String?
    let request: Request
    let caller: Caller
    /// Work from inside the coordinator's process (the web console) that has no wire request;
    /// when set, the writer runs it instead of `request`.
    var inProcess: InProcessWork? = nil
    /// Hall time after which the change is refused as `expired` (set by the device).
    var deadline: Date? = nil
    /// Sends a reply body to the caller; called on the writer thread.
    let reply: (ByteBuffer) -> Void

    init(id: Int64?, requestId: String?, request: Request, caller: Caller, inProcess: InProcessWork? = nil, reply: @escaping (ByteBuffer) -> Void) {
        self.id = id
        self.requestId = requestId
        self.request = request
        self.caller = caller
        self.inProcess = inProcess
        self.reply = reply
    }

    /// Whether the writer commits it in the batch's transaction (else it is answered after the commit).
    var writes: Bool {
        switch inProcess {
        case .change?: return true
        case .read?: return false
        case nil: return request.isMutating || request == .command(.tick)
        }
    }
}

/// In-process work the writer runs for the web console.
enum InProcessWork {
    /// A change to the store (e.g. a clerk PIN) inside the batch's transaction, remembered under
    /// (device, request id) like any other change; `now` is the coordinator's clock.
    case change((StoreTransaction, _ now: Date) throws -> ServerFrame)
    /// A look at committed state between batches: nothing can commit while it runs.
    case read((HallState, _ now: Date) -> Void)
}
