import Foundation

/// Offline speech with the espeak-ng program (Debian package espeak-ng): text in, 16-bit mono
/// samples out. Nothing goes to the internet.
public struct Synthesizer: Sendable {
    public let program: String
    /// Words per minute; a hall wants it a little slower than the default.
    public let speed: Int

    public init(program: String = "/usr/bin/espeak-ng", speed: Int = 140) {
        self.program = program
        self.speed = speed
    }

    public struct Speech: Sendable {
        public var samples: [Int16]
        public var rate: Int
    }

    public func speak(_ text: String, voice: String) throws -> Speech {
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw SpeechError("\(program) is missing; install the espeak-ng package for announcements.")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = ["-v", voice, "-s", String(speed), "--stdout", text]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw SpeechError("espeak-ng failed (exit \(p.terminationStatus)) for voice \(voice).") }
        return try WAV.parse(data)
    }
}

public struct SpeechError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Just enough of RIFF/WAVE to read espeak-ng's output: PCM 16-bit mono.
public enum WAV {
    public static func parse(_ data: Data) throws -> Synthesizer.Speech {
        let bytes = [UInt8](data)
        func u32(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24 }
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        guard bytes.count >= 44, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw SpeechError("speech output is not a WAV file.")
        }
        var i = 12
        var rate = 22_050, channels = 1, bits = 16
        while i + 8 <= bytes.count {
            let id = String(decoding: bytes[i..<i + 4], as: UTF8.self)
            // espeak-ng writes 0x7fffffff sizes when streaming to stdout: take what is there.
            let size = min(u32(i + 4), bytes.count - i - 8)
            if id == "fmt " {
                channels = u16(i + 10)
                rate = u32(i + 12)
                bits = u16(i + 22)
            } else if id == "data" {
                guard channels == 1, bits == 16 else { throw SpeechError("speech output is not 16-bit mono.") }
                var samples = [Int16](repeating: 0, count: size / 2)
                for k in 0..<samples.count { samples[k] = Int16(bitPattern: UInt16(u16(i + 8 + 2 * k))) }
                return Synthesizer.Speech(samples: samples, rate: rate)
            }
            i += 8 + size
        }
        throw SpeechError("speech output has no audio data.")
    }
}
