import NIOCore
import QueueCore
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
    /// Sends a reply body to the caller; called on the writer thread.
    let reply: (ByteBuffer) -> Void
}
