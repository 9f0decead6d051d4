import Foundation
import Logging
import NIOCore
import QueueCore
import QueueWire

/// Answers UDP discovery on the hall LAN: a datagram `{"type":"discover","protocol":1}` gets back
/// `{"type":"coordinator","protocol":1,"hall":NAME,"port":TCP_PORT}`. Nothing else is answered,
/// and discovery reveals no queue data.
final class DiscoveryResponder: ChannelInboundHandler, @unchecked Sendable { // unchecked: NIO handler: used only on its channel's event loop
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let hallName: String
    private let tcpPort: Int
    private let logger: Logger

    init(hallName: String, tcpPort: Int, logger: Logger) {
        self.hallName = hallName
        self.tcpPort = tcpPort
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard Discovery.Probe.read(Data(envelope.data.readableBytesView)) != nil else {
            logger.debug("ignored a datagram that is not a discovery probe", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        let answer = Discovery.Answer(hall: hallName, port: tcpPort)
        guard let data = try? JSONEncoder().encode(answer) else { return }
        var buffer = context.channel.allocator.buffer(capacity: data.count)
        buffer.writeBytes(data)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.info("discovery socket error: \(error)")
    }
}
