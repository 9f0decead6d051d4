import Foundation
import NIOCore
import QueueWire

/// Turns server messages into length-less bodies (the FrameEncoder adds the length).
struct FrameOut {
    let encoder = WireJSON.encoder()
    let allocator = ByteBufferAllocator()

    func buffer(_ message: ServerMessage) -> ByteBuffer {
        buffer(data(message))
    }

    func data<T: Encodable>(_ frame: T) -> Data {
        do { return try encoder.encode(frame) } catch {
            // Only a non-finite number could fail to encode; say so rather than crash.
            return Data(#"{"code":"internal","message":"could not encode a reply","type":"error"}"#.utf8)
        }
    }

    func buffer(_ data: Data) -> ByteBuffer {
        var b = allocator.buffer(capacity: data.count)
        b.writeBytes(data)
        return b
    }
}
