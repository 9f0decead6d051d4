import NIOCore
import QueueCore

/// Frames on the wire: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
public enum FrameLimits {
    /// Largest frame a client may send: requests are small.
    public static let fromClient = 64 * 1024
    /// Largest frame the coordinator sends: a snapshot of a busy hall fits easily.
    public static let fromServer = 16 * 1024 * 1024
}

/// Splits the byte stream into frame bodies. A zero or oversized length is a protocol error:
/// the peer cannot be trusted to be in step any more, so the connection is closed.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer
    public let maxLength: Int

    public init(maxLength: Int) { self.maxLength = maxLength }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let body = try Self.next(&buffer, maxLength: maxLength) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(body))
        return .continue
    }

    /// The next whole frame body in `buffer`, if one is there. Pure: tests call it directly.
    public static func next(_ buffer: inout ByteBuffer, maxLength: Int) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length > 0 else { throw QueueError(.badFrame, "A frame had length 0.") }
        guard length <= maxLength else {
            throw QueueError(.frameTooLarge, "A frame of \(length) bytes is over the limit of \(maxLength) bytes.")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }
}

/// Prefixes each outgoing body with its length.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer
    public init() {}

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        out.writeInteger(UInt32(data.readableBytes))
        out.writeImmutableBuffer(data)
    }
}
