import NIOCore
import QueueCore
import QueueWire
import Testing

@Suite struct FrameDecoderTests {
    func framed(_ body: String) -> ByteBuffer {
        var b = ByteBuffer()
        b.writeInteger(UInt32(body.utf8.count))
        b.writeString(body)
        return b
    }

    @Test func framesFedOneByteAtATimeComeOutWhole() throws {
        var stream = framed(#"{"type":"ping"}"#)
        var second = framed(#"{"type":"request","op":"status","id":1}"#)
        stream.writeBuffer(&second)
        var buffer = ByteBuffer()
        var bodies: [String] = []
        for byte in stream.readableBytesView {
            buffer.writeInteger(byte)
            while let body = try FrameDecoder.next(&buffer, maxLength: FrameLimits.fromClient) {
                bodies.append(String(buffer: body))
            }
        }
        #expect(bodies == [#"{"type":"ping"}"#, #"{"type":"request","op":"status","id":1}"#])
        #expect(buffer.readableBytes == 0)
    }

    @Test func anOversizedLengthIsRefusedBeforeAnyBodyArrives() {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(FrameLimits.fromClient + 1))
        #expect(throws: QueueError(.frameTooLarge, "A frame of 65537 bytes is over the limit of 65536 bytes.")) {
            try FrameDecoder.next(&buffer, maxLength: FrameLimits.fromClient)
        }
    }

    @Test func aZeroLengthFrameIsRefused() {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 0])
        #expect(throws: QueueError.self) { try FrameDecoder.next(&buffer, maxLength: 100) }
    }

    @Test func aPartialFrameWaitsForMore() throws {
        var buffer = ByteBuffer(bytes: [0, 0, 0, 5, 0x7b])
        #expect(try FrameDecoder.next(&buffer, maxLength: 100) == nil)
        #expect(buffer.readableBytes == 5)
    }

    @Test func garbageNeverCrashesTheDecoder() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var buffer = ByteBuffer(bytes: (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            while true {
                guard let body = try? FrameDecoder.next(&buffer, maxLength: 1000) else { break }
                _ = try? WireJSON.decode(ClientFrame.self, from: Data(body.readableBytesView))
            }
        }
    }
}

import Foundation
