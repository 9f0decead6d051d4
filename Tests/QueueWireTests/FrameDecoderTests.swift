import Foundation
import NIOCore
import NIOTestUtils
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

    /// Random streams, seeded so a failure can be replayed: half raw garbage, half well-framed
    /// bodies with a garbage tail. Whatever comes in, the decoder either hands out frames within
    /// the limit whose bytes, with what it leaves, are exactly the input, or refuses the stream
    /// for the reason the length at the refusal point gives.
    @Test(arguments: [1, 2, 3, 0x5EED, 20_261_130] as [UInt64])
    func garbageIsSplitExactlyOrRefused(seed: UInt64) throws {
        var generator = SeededRandom(seed: seed)
        let limit = 1000
        for round in 0..<2000 {
            let input = Self.randomStream(&generator)
            var buffer = ByteBuffer(bytes: input)
            var consumed: [UInt8] = []
            var frames = 0
            do {
                while let body = try FrameDecoder.next(&buffer, maxLength: limit) {
                    frames += 1
                    #expect(body.readableBytes > 0, "seed \(seed) round \(round)")
                    #expect(body.readableBytes <= limit, "seed \(seed) round \(round)")
                    consumed += Self.bigEndian(UInt32(body.readableBytes)) + Array(body.readableBytesView)
                    // Never crashes on the body either; whether it is a frame does not matter.
                    _ = try? ClientMessage.read(Data(body.readableBytesView))
                }
                // Nothing more can come out: what is left is a partial frame, and the input is
                // exactly the frames plus what is left.
                let rest = Array(buffer.readableBytesView)
                #expect(consumed + rest == input, "seed \(seed) round \(round): \(frames) frames")
                if rest.count >= 4 {
                    let length = Int(buffer.getInteger(at: buffer.readerIndex, as: UInt32.self)!)
                    #expect(length > 0 && length <= limit && rest.count < 4 + length, "seed \(seed) round \(round)")
                }
            } catch let error as QueueError {
                // Refused at a frame boundary, for the reason the length there gives.
                #expect(Array(input.prefix(consumed.count)) == consumed, "seed \(seed) round \(round)")
                #expect(input.count >= consumed.count + 4, "seed \(seed) round \(round)")
                let length = input.count >= consumed.count + 4
                    ? input[consumed.count..<consumed.count + 4].reduce(0) { $0 << 8 | Int($1) } : -1
                if length == 0 {
                    #expect(error.code == .badFrame, "seed \(seed) round \(round): \(error)")
                } else {
                    #expect(length > limit, "seed \(seed) round \(round): length \(length)")
                    #expect(error.code == .frameTooLarge, "seed \(seed) round \(round): \(error)")
                }
            }
        }
    }

    static func bigEndian(_ n: UInt32) -> [UInt8] {
        [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
    }

    static func randomStream(_ g: inout SeededRandom) -> [UInt8] {
        func garbage(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next()) } }
        if g.next() % 2 == 0 { return garbage(Int(g.next() % 64)) }
        var bytes: [UInt8] = []
        for _ in 0..<Int(g.next() % 4) {
            let length = Int(g.next() % 40) + 1
            bytes += bigEndian(UInt32(length)) + garbage(length)
        }
        switch g.next() % 4 {
        case 0: bytes += bigEndian(0)
        case 1: bytes += bigEndian(UInt32(1001 + g.next() % 100_000))
        case 2: bytes += bigEndian(UInt32(g.next() % 40 + 1)) + garbage(Int(g.next() % 8)) // a partial frame
        default: bytes += garbage(Int(g.next() % 6))
        }
        return bytes
    }

    /// NIO's own check of a decoder: every split of the input into reads, and reads fed again
    /// mid-decode, must produce the same frames.
    @Test func theDecoderPassesNIOsVerifier() throws {
        func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }
        var two = framed(#"{"type":"ping"}"#)
        var second = framed(#"{"type":"request","op":"status","id":1}"#)
        two.writeBuffer(&second)
        var oneByte = ByteBuffer(bytes: [0, 0, 0, 1])
        oneByte.writeString("x")
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (framed(#"{"type":"ping"}"#), [body(#"{"type":"ping"}"#)]),
                (two, [body(#"{"type":"ping"}"#), body(#"{"type":"request","op":"status","id":1}"#)]),
                (oneByte, [body("x")]),
                (framed(String(repeating: "a", count: 1000)), [body(String(repeating: "a", count: 1000))]),
            ],
            decoderFactory: { FrameDecoder(maxLength: 1000) })
    }
}

