import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import QueueCore
import QueueWire

/// One TCP connection: hello, handshake, then requests handed to the writer. Every problem is
/// answered with an error frame and a log line; none can stop the coordinator.
///
/// One peer cannot hurt the hall: it has at most `maxInFlight` requests whose replies have not
/// left yet, it is
/// not read from while its replies are not drained, and it is cut off when it has read nothing
/// for `unreadLimit` (a flooder that never reads). Status is answered from the last committed
/// state on this connection's thread, not by the writer, when nothing of its own is in flight.
final class ConnectionHandler: ChannelDuplexHandler, @unchecked Sendable { // unchecked: NIO handler: its state is touched only on its channel's event loop
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let maxInFlight = 64
    static let unreadLimit = TimeAmount.seconds(10)

    private let writer: Writer
    private let reports: ReportService
    private let hub: Hub
    private let devices: DeviceDirectory
    private let hall: Hall
    private var logger: Logger
    private let out = FrameOut()
    private let decoder = WireJSON.decoder()
    private var machine: SessionMachine
    private let challenge = Handshake.randomBase64()
    private var handshakeTimer: Scheduled<Void>?
    private let handshakeTimeout: TimeAmount
    private let limits: ConnectionLimits
    private var admitted = false
    /// Requests handed on and not yet answered; only touched on this channel's event loop.
    private var inFlight = 0
    private var readHeld = false
    /// Frames that arrived (in the same read) while the peer was not draining its replies: they
    /// wait here, a few kilobytes at most, instead of each adding a reply to the backlog.
    private var deferred: [ByteBuffer] = []
    /// Frames handed to the channel that the kernel has not taken yet (the peer is not reading
    /// them), when one last left, and the timer that cuts a peer off whose frames stop leaving.
    private var unsent = 0
    private var lastSent = NIODeadline.now()
    private var unreadTimer: Scheduled<Void>?

    init(writer: Writer, reports: ReportService, hub: Hub, devices: DeviceDirectory, hall: Hall, limits: ConnectionLimits, handshakeTimeout: TimeAmount, logger: Logger) {
        self.reports = reports
        self.handshakeTimeout = handshakeTimeout
        self.limits = limits
        self.writer = writer
        self.hub = hub
        self.devices = devices
        self.hall = hall
        self.logger = logger
        self.machine = SessionMachine(challenge: challenge)
    }

    func channelActive(context: ChannelHandlerContext) {
        logger[metadataKey: "peer"] = "\(context.remoteAddress?.description ?? "?")"
        guard limits.opened(context.channel) else {
            context.close(promise: nil)
            return
        }
        admitted = true
        context.writeAndFlush(wrapOutboundOut(out.buffer(SessionMachine.hello(hall: hall.name, timeZone: hall.timeZone, challenge: challenge))), promise: nil)
        let channel = context.channel
        let logger = logger
        let seconds = handshakeTimeout.nanoseconds / 1_000_000_000
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            logger.notice("no handshake within \(seconds) s; closing")
            let bye = FrameOut().buffer(.error(id: nil, QueueError(.handshakeTimeout, "No auth frame within \(seconds) seconds; closing.")))
            channel.writeAndFlush(bye).whenComplete { _ in channel.close(promise: nil) }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        unreadTimer?.cancel()
        if admitted { limits.closed(context.channel) }
        admitted = false
        hub.remove(channel: context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // One read can carry thousands of pipelined frames: those beyond what may be in flight
        // wait here, in order, unanswered, as they would in the socket.
        let body = unwrapInboundIn(data)
        guard !holding(context) else {
            deferred.append(body)
            return
        }
        handle(body, context: context)
    }

    /// Answers the frames that waited, while there is room for them.
    private func drain(context: ChannelHandlerContext) {
        while !deferred.isEmpty, inFlight < Self.maxInFlight, context.channel.isWritable, context.channel.isActive {
            handle(deferred.removeFirst(), context: context)
        }
        updateReading(context: context)
    }

    private func handle(_ body: ByteBuffer, context: ChannelHandlerContext) {
        let action: SessionMachine.Action
        do {
            try TextLimits.checkBody(body.readableBytesView)
            action = machine.received(try ClientMessage.read(Data(body.readableBytesView), decoder: decoder), lookup: devices.active)
        } catch let bad as BadFrame {
            logger.notice("bad frame", metadata: ["error": "\(bad.error.message)"])
            action = machine.received(bad)
        } catch {
            let error = error as? QueueError ?? QueueError(.badFrame, "\(error)")
            logger.notice("bad frame", metadata: ["error": "\(error.message)"])
            action = machine.received(BadFrame(type: nil, id: nil, error: error))
        }
        carryOut(action, context: context)
    }

    private func carryOut(_ action: SessionMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let frame):
            send(out.buffer(frame), context: context)
        case .sendAndClose(let frame, let log):
            logger.notice("closing connection: \(log)")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(out.buffer(frame))).whenComplete { _ in channel.close(promise: nil) }
        case .authenticated(let who, let welcome):
            handshakeTimer?.cancel()
            logger[metadataKey: "device"] = "\(who.name)"
            logger.info("device authenticated", metadata: ["role": "\(who.role.rawValue)"])
            hub.add(device: who.name, channel: context.channel)
            limits.authenticated(context.channel)
            send(out.buffer(welcome), context: context)
            self.caller = Caller(identity: who, channel: context.channel)
        case .submit(let id, let requestId, let request, let deadline):
            guard let caller else { return }
            if request == .status, inFlight == 0, let reply = writer.statusReply(id: id) {
                send(reply, context: context)
                return
            }
            // A board's or kiosk's word about itself: kept in memory, never the writer's.
            if case .deviceState(let state) = request {
                hub.reported(device: caller.identity.name, state)
                send(out.buffer(.reply(id: id, .changed(events: [], now: nil))), context: context)
                return
            }
            let channel = context.channel
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            // A report is computed off the writer; its reply comes back on this event loop.
            if case .report(let from, let to, let interval, let baseline) = request {
                inFlight += 1
                updateReading(context: context)
                reports.answer(id: id, from: from, to: to, interval: interval, baseline: baseline) { [self] buffer in
                    channel.eventLoop.execute {
                        self.send(buffer, context: bound.value) { self.replied(context: bound.value) }
                    }
                }
                return
            }
            let answered = NIOLockedValueBox(false)
            var job = Job(id: id, requestId: requestId, work: .request(request), caller: caller, answer: .wire { [self] buffer in
                // The first frame for a job is its reply (a subscription's backlog follows it).
                // The request stays in flight until its reply has left for the peer, so a peer
                // that does not read holds at most `maxInFlight` replies here, however they
                // were answered.
                let first = answered.withLockedValue { done -> Bool in
                    defer { done = true }
                    return !done
                }
                channel.eventLoop.execute {
                    self.send(buffer, context: bound.value) { if first { self.replied(context: bound.value) } }
                }
            })
            job.deadline = deadline
            guard writer.submit(job) else {
                context.writeAndFlush(wrapOutboundOut(out.buffer(.error(id: id, Writer.busy))), promise: nil)
                return
            }
            inFlight += 1
            updateReading(context: context)
        }
    }

    /// Writes a frame to the peer; `then` runs once the kernel has taken it (or the channel has
    /// closed). Until then it counts as unsent: a peer that leaves frames unsent for
    /// `unreadLimit` with none leaving meanwhile does not read, and is cut off.
    private func send(_ buffer: ByteBuffer, context: ChannelHandlerContext, then done: (() -> Void)? = nil) {
        // The wait is measured from when frames began to wait (or the last one left), not from a
        // frame that left long ago on a quiet connection.
        if unsent == 0 { lastSent = .now() }
        unsent += 1
        watchUnread(context: context)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { [self] _ in
            unsent -= 1
            lastSent = .now()
            done?()
        }
    }

    /// Starts the unread timer if frames wait to leave: when it fires, a peer from whom nothing
    /// left for `unreadLimit` is closed; one that still reads gets a new timer.
    private func watchUnread(context: ChannelHandlerContext) {
        guard unreadTimer == nil, unsent > 0 else { return }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        unreadTimer = context.eventLoop.scheduleTask(deadline: lastSent + Self.unreadLimit) { [self] in
            unreadTimer = nil
            let context = bound.value
            guard unsent > 0, context.channel.isActive else { return }
            guard NIODeadline.now() - lastSent < Self.unreadLimit else {
                let seconds = Self.unreadLimit.nanoseconds / 1_000_000_000
                logger.warning("closing a connection that has not read its replies for \(seconds) s (a flood, or a stuck peer)")
                context.channel.close(promise: nil)
                return
            }
            watchUnread(context: context)
        }
    }

    private func replied(context: ChannelHandlerContext) {
        inFlight -= 1
        guard context.channel.isActive else { return }
        drain(context: context)
    }

    // MARK: - Back-pressure

    /// Reads from the peer only while it has room for more requests and drains its replies.
    private func updateReading(context: ChannelHandlerContext) {
        if !holding(context), readHeld {
            readHeld = false
            context.read()
        }
    }

    private func holding(_ context: ChannelHandlerContext) -> Bool {
        inFlight >= Self.maxInFlight || !context.channel.isWritable || !deferred.isEmpty
    }

    func read(context: ChannelHandlerContext) {
        if holding(context) {
            readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            lastSent = .now() // the peer read most of what waited: progress, even inside one big frame
            drain(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    private var caller: Caller?

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            logger.notice("no frame for a long time; closing the half-open or silent connection")
            let channel = context.channel
            let bye = out.buffer(.error(id: nil, QueueError(.idle, "No frame for too long; closing. Clients ping every 20 seconds.")))
            context.writeAndFlush(wrapOutboundOut(bye)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let channel = context.channel
        if let error = error as? QueueError {
            logger.notice("closing connection: \(error.message)")
            context.writeAndFlush(wrapOutboundOut(out.buffer(.error(id: nil, error)))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            logger.info("connection error: \(error)")
            context.close(promise: nil)
        }
    }
}
