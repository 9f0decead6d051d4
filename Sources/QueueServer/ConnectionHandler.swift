import Foundation
import Logging
import NIOCore
import QueueCore
import QueueWire

/// One TCP connection: hello, handshake, then requests handed to the writer. Every problem is
/// answered with an error frame and a log line; none can stop the coordinator.
final class ConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let writer: Writer
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

    init(writer: Writer, hub: Hub, devices: DeviceDirectory, hall: Hall, handshakeTimeout: TimeAmount, logger: Logger) {
        self.handshakeTimeout = handshakeTimeout
        self.writer = writer
        self.hub = hub
        self.devices = devices
        self.hall = hall
        self.logger = logger
        self.machine = SessionMachine(challenge: challenge)
    }

    func channelActive(context: ChannelHandlerContext) {
        logger[metadataKey: "peer"] = "\(context.remoteAddress?.description ?? "?")"
        context.writeAndFlush(wrapOutboundOut(out.buffer(SessionMachine.hello(hall: hall.name, timeZone: hall.timeZone, challenge: challenge))), promise: nil)
        let channel = context.channel
        let logger = logger
        let seconds = handshakeTimeout.nanoseconds / 1_000_000_000
        handshakeTimer = context.eventLoop.scheduleTask(in: handshakeTimeout) {
            logger.notice("no handshake within \(seconds) s; closing")
            let bye = FrameOut().buffer(.error(QueueError("handshake-timeout", "No auth frame within \(seconds) seconds; closing.")))
            channel.writeAndFlush(bye).whenComplete { _ in channel.close(promise: nil) }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        hub.remove(channel: context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let body = unwrapInboundIn(data)
        let action: SessionMachine.Action
        do {
            let frame = try WireJSON.decode(ClientFrame.self, from: Data(body.readableBytesView), decoder: decoder)
            action = machine.received(frame, lookup: devices.active)
        } catch let error as QueueError {
            logger.notice("bad frame", metadata: ["error": "\(error.message)"])
            action = machine.malformed(error)
        } catch {
            action = machine.malformed(QueueError("bad-frame", "\(error)"))
        }
        carryOut(action, context: context)
    }

    private func carryOut(_ action: SessionMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let frame):
            context.writeAndFlush(wrapOutboundOut(out.buffer(frame)), promise: nil)
        case .sendAndClose(let frame, let log):
            logger.notice("closing connection: \(log)")
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(out.buffer(frame))).whenComplete { _ in channel.close(promise: nil) }
        case .authenticated(let device, let role, let counter, let welcome):
            handshakeTimer?.cancel()
            logger[metadataKey: "device"] = "\(device)"
            logger.info("device authenticated", metadata: ["role": "\(role.rawValue)"])
            hub.add(device: device, channel: context.channel)
            context.writeAndFlush(wrapOutboundOut(out.buffer(welcome)), promise: nil)
            self.caller = Caller(device: device, role: role, counter: counter, channel: context.channel)
        case .submit(let id, let requestId, let request):
            guard let caller else { return }
            let channel = context.channel
            writer.submit(Job(id: id, requestId: requestId, request: request, caller: caller) { buffer in
                channel.writeAndFlush(buffer, promise: nil)
            })
        }
    }

    private var caller: Caller?

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            logger.notice("no frame for a long time; closing the half-open or silent connection")
            let channel = context.channel
            let bye = out.buffer(.error(QueueError("idle", "No frame for too long; closing. Clients ping every 20 seconds.")))
            context.writeAndFlush(wrapOutboundOut(bye)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let channel = context.channel
        if let error = error as? QueueError {
            logger.notice("closing connection: \(error.message)")
            context.writeAndFlush(wrapOutboundOut(out.buffer(.error(error)))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            logger.info("connection error: \(error)")
            context.close(promise: nil)
        }
    }
}
