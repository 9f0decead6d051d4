import Foundation
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueWire

/// Request ids for pipelined sends, far above the ids `send` counts from 1, so they never meet.
private let pipelineIds = NIOLockedValueBox<Int64>(1 << 40)

extension QueueConnection {
    /// Sends `requests` back to back, in order, without waiting for each reply, and returns the
    /// replies in request order (refusals as failures, not thrown). The coordinator takes
    /// one connection's requests in the order they arrive, so a script of clock moves and
    /// commands runs exactly as written while many of them share each group commit: what the
    /// simulator uses to play a whole day quickly. Only a lost connection throws.
    public func sendInOrder(_ requests: [(request: Request, requestId: String?)]) async throws -> [Result<Reply, QueueError>] {
        var futures: [EventLoopFuture<Result<Reply, QueueError>>] = []
        futures.reserveCapacity(requests.count)
        for (request, requestId) in requests {
            let id = pipelineIds.withLockedValue { $0 += 1; return $0 }
            let message = ClientMessage.request(id: id, requestId: requestId ?? (request.isMutating ? UUID().uuidString : nil), deadline: nil, request)
            let promise = channel.eventLoop.makePromise(of: Result<Reply, QueueError>.self)
            handler.expect(id: id, promise: promise, channel: channel)
            channel.write(ClientHandler.encode(message), promise: nil)
            futures.append(promise.futureResult)
        }
        channel.flush()
        var replies: [Result<Reply, QueueError>] = []
        replies.reserveCapacity(futures.count)
        for future in futures { replies.append(try await future.get()) }
        return replies
    }
}
