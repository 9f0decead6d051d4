import DeviceKeys
import Foundation
import NIOCore
import QueueCore
import QueueWire

/// Connects, sends one request, and disconnects: what `queuectl` does. A change whose connection
/// drops before the reply is retried with the same request id, so it still happens once.
public enum OneShot {
    public static func send(_ request: Request, requestId: String? = nil, to address: CoordinatorAddress,
                            key: KeyFile, attempts: Int = 3) async throws -> Reply {
        try await exchange(request, requestId: requestId, to: address, key: key, attempts: attempts).reply
    }

    /// Like `send`, also giving the hall's time zone for showing times.
    public static func exchange(_ request: Request, requestId: String? = nil, to address: CoordinatorAddress,
                                key: KeyFile, attempts: Int = 3) async throws -> (reply: Reply, timeZone: TimeZone) {
        let rid = requestId ?? (request.isMutating ? UUID().uuidString : nil)
        return try await retrying(to: address, key: key, attempts: attempts) { connection in
            (try await connection.send(request, requestId: rid), connection.timeZone)
        }
    }

    /// Runs `body` on a fresh connection, again on a new one when the link is lost (up to
    /// `attempts` times): give every change in it a fixed request id, so it still happens once.
    public static func retrying<T>(to address: CoordinatorAddress, key: KeyFile, attempts: Int = 3,
                                   _ body: (QueueConnection) async throws -> T) async throws -> T {
        var lastError: Error = QueueError(.unreachable, "The coordinator could not be reached.")
        for attempt in 1...max(1, attempts) {
            do {
                let connection = try await QueueConnection.connect(to: address, key: key)
                defer { Task { await connection.close() } }
                return try await body(connection)
            } catch let error as QueueError where error.code.isLinkLost {
                lastError = error
                if attempt < attempts { try? await Task.sleep(for: .milliseconds(300 * attempt)) }
            }
        }
        throw lastError
    }
}
