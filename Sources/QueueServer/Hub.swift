import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueWire

/// Who is connected (and since when, with what each board and kiosk said of itself last: the
/// device panel's `DeviceRoster`) and who listens to events. The writer publishes committed events here in
/// sequence order; a subscriber that cannot keep up is disconnected (it resumes from its last
/// sequence number when it comes back) rather than holding the hall's memory hostage.
final class Hub: Sendable {
    struct Session {
        let device: String
        let channel: Channel
        var subscribed = false
    }

    private let sessions = NIOLockedValueBox<[ObjectIdentifier: Session]>([:])
    /// In-process listeners (the web console): told of every commit, in order, on the writer thread.
    private let taps = NIOLockedValueBox<[UUID: @Sendable ([Event], Date) -> Void]>([:])
    private let roster: NIOLockedValueBox<DeviceRoster>
    private let logger: Logger

    init(logger: Logger, started: Date = Date()) {
        self.logger = logger
        roster = NIOLockedValueBox(DeviceRoster(started: started))
    }

    func add(device: String, channel: Channel) {
        sessions.withLockedValue { $0[ObjectIdentifier(channel)] = Session(device: device, channel: channel) }
        roster.withLockedValue { $0.connected(device, at: Date()) }
    }

    /// What a board or kiosk said of itself (`device-state`). A printer that runs out of paper or
    /// is ready again, a board without speakers, also gets a line in the journal (a warning or a
    /// notice), as the dashboard shows them.
    func reported(device: String, _ state: DeviceState) {
        let before = roster.withLockedValue { $0.reported(device, state, at: Date()) }
        guard let (line, problem) = state.logLine(since: before) else { return }
        logger.log(level: problem ? .warning : .notice, "\(device): \(line)", metadata: ["device": "\(device)"])
    }

    /// The health of each board and kiosk among `devices`.
    func health(of devices: [DeviceInfo]) -> [DeviceHealth] {
        roster.withLockedValue { $0.health(of: devices) }
    }

    /// The devices connected now, one entry per connection.
    func connectedDevices() -> [String] {
        sessions.withLockedValue { $0.values.map(\.device) }
    }

    func remove(channel: Channel) {
        guard let gone = sessions.withLockedValue({ $0.removeValue(forKey: ObjectIdentifier(channel)) }) else { return }
        roster.withLockedValue { $0.disconnected(gone.device, at: Date()) }
    }

    /// Marks a session as a subscriber. Called by the writer only, after it sent the snapshot or backlog.
    func subscribe(channel: Channel) {
        sessions.withLockedValue { $0[ObjectIdentifier(channel)]?.subscribed = true }
    }

    /// Sends each event (its JSON, as encoded for the log) to every subscriber, in order; the
    /// frames are made only when someone subscribes.
    func publish(_ encodedEvents: [Data], out: FrameOut) {
        guard !encodedEvents.isEmpty else { return }
        let targets = sessions.withLockedValue { $0.values.filter(\.subscribed) }
        guard !targets.isEmpty else { return }
        let frames = encodedEvents.map { out.buffer(ServerMessage.eventFrame(encodedEvent: $0)) }
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

    /// Adds an in-process listener. Called by the writer only, between batches, so the listener
    /// misses no event after the state it was last shown.
    func addTap(_ id: UUID, _ listener: @escaping @Sendable ([Event], Date) -> Void) {
        taps.withLockedValue { $0[id] = listener }
    }

    func removeTap(_ id: UUID) {
        _ = taps.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// Tells every listener of a commit: its events (maybe none, e.g. the 10 s tick) and the clock.
    func tap(_ events: [Event], now: Date) {
        for listener in taps.withLockedValue({ Array($0.values) }) { listener(events, now) }
    }

    /// Ends every session of a revoked device.
    func disconnect(device: String, with frame: ByteBuffer) {
        let targets = sessions.withLockedValue { $0.values.filter { $0.device == device } }
        for session in targets {
            session.channel.writeAndFlush(frame).whenComplete { _ in session.channel.close(promise: nil) }
        }
    }
}
