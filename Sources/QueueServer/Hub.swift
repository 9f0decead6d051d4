import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueWire

/// Who is connected and who listens to events. The writer publishes committed events here in
/// sequence order; a subscriber that cannot keep up is disconnected (it resumes from its last
/// sequence number when it comes back) rather than holding the hall's memory hostage.
final class Hub: @unchecked Sendable {
    struct Session {
        let device: String
        let channel: Channel
        var subscribed = false
    }

    private let sessions = NIOLockedValueBox<[ObjectIdentifier: Session]>([:])
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    var count: Int { sessions.withLockedValue { $0.count } }

    func add(device: String, channel: Channel) {
        sessions.withLockedValue { $0[ObjectIdentifier(channel)] = Session(device: device, channel: channel) }
    }

    func remove(channel: Channel) {
        _ = sessions.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Marks a session as a subscriber. Called by the writer only, after it sent the snapshot or backlog.
    func subscribe(channel: Channel) {
        sessions.withLockedValue { $0[ObjectIdentifier(channel)]?.subscribed = true }
    }

    /// Sends each frame to every subscriber, in order.
    func publish(_ frames: [ByteBuffer]) {
        guard !frames.isEmpty else { return }
        let targets = sessions.withLockedValue { $0.values.filter(\.subscribed) }
        for session in targets {
            guard session.channel.isWritable else {
                logger.warning("subscriber too slow; disconnecting it, it will resume from its last sequence", metadata: ["device": "\(session.device)"])
                session.channel.close(promise: nil)
                continue
            }
            for frame in frames { session.channel.write(frame, promise: nil) }
            session.channel.flush()
        }
    }

    /// Ends every session of a revoked device.
    func disconnect(device: String, with frame: ByteBuffer) {
        let targets = sessions.withLockedValue { $0.values.filter { $0.device == device } }
        for session in targets {
            session.channel.writeAndFlush(frame).whenComplete { _ in session.channel.close(promise: nil) }
        }
    }
}
