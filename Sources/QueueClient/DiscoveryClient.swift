import Foundation
import NIOCore
import NIOPosix
import QueueCore
import QueueWire

/// Finds the coordinator on the hall LAN: broadcasts a probe on the discovery port (and sends one
/// to this machine) every quarter second until the first answer, so a coordinator that comes back
/// mid-wait is found at once.
public enum DiscoveryClient {
    public static func find(port: Int = Discovery.defaultPort, timeout: TimeAmount = .seconds(2),
                            targets: [String] = ["255.255.255.255", "127.0.0.1"]) async throws -> (CoordinatorAddress, hall: String) {
        let group = MultiThreadedEventLoopGroup.singleton
        let answered = group.next().makePromise(of: (CoordinatorAddress, String).self)
        let channel: Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(ChannelOptions.socketOption(.so_broadcast), value: 1)
                .channelInitializer { channel in
                    channel.pipeline.addHandler(AnswerHandler(promise: answered))
                }
                .bind(host: "0.0.0.0", port: 0).get()
        } catch {
            let failed = QueueError(.notFound, "Cannot search for the coordinator: no UDP socket (\(error)). Give --coordinator HOST:PORT.")
            answered.fail(failed) // never left pending: NIO traps on a dropped promise in debug builds
            throw failed
        }
        defer { channel.close(promise: nil) }
        let probe = try JSONEncoder().encode(Discovery.Probe())
        let addresses = targets.compactMap { try? SocketAddress(ipAddress: $0, port: port) }
        let prober = channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(250)) { _ in
            for address in addresses {
                var buffer = channel.allocator.buffer(capacity: probe.count)
                buffer.writeBytes(probe)
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
            }
        }
        defer { prober.cancel() }
        let timer = group.next().scheduleTask(in: timeout) {
            answered.fail(QueueError(.notFound, "No coordinator answered discovery on UDP port \(port) within \(timeout.nanoseconds / 1_000_000_000) s. Is it running on this LAN? Otherwise give --coordinator HOST:PORT."))
        }
        defer { timer.cancel() }
        let (address, hall) = try await answered.futureResult.get()
        return (address, hall)
    }

    final class AnswerHandler: ChannelInboundHandler, @unchecked Sendable { // unchecked: NIO handler: used only on its channel's event loop
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let promise: EventLoopPromise<(CoordinatorAddress, String)>
        init(promise: EventLoopPromise<(CoordinatorAddress, String)>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let answer = Discovery.Answer.read(Data(envelope.data.readableBytesView)),
                  let host = envelope.remoteAddress.ipAddress else { return }
            promise.succeed((CoordinatorAddress(host: host, port: answer.port), answer.hall))
        }
    }
}
