import Foundation
import NIOCore
import QueueConfig
import QueueCore
import QueueWire

/// One input through what a stranger can send the coordinator: the first byte picks the path.
/// - 0: TCP bytes: frames split by `FrameDecoder`, each body checked (UTF-8, nesting), decoded as
///   a `ClientMessage` (a request parsed with its text limits).
/// - 1: a hall config file (TOML), as an installer could get it wrong.
/// Anything may be refused with a `QueueError`; nothing may crash or hang.
enum FuzzTarget {
    /// QUEUE_FUZZ=frames or =config keeps to one path (the TOML library's own assertions stop
    /// every mixed run early; see docs/BENCHMARKS.md).
    static let only = ProcessInfo.processInfo.environment["QUEUE_FUZZ"]

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let rest = input.dropFirst()
        switch only == "frames" ? 0 : only == "config" ? 1 : selector % 2 {
        case 0: frames(rest)
        default: config(rest)
        }
    }

    static func frames(_ bytes: ArraySlice<UInt8>) {
        var buffer = ByteBufferAllocator().buffer(bytes: bytes)
        let decoder = WireJSON.decoder()
        while true {
            let body: ByteBuffer?
            do { body = try FrameDecoder.next(&buffer, maxLength: FrameLimits.fromClient) } catch { return }
            guard let body else { return }
            do {
                try TextLimits.checkBody(body.readableBytesView)
                _ = try ClientMessage.read(Data(body.readableBytesView), decoder: decoder)
            } catch {}
        }
    }

    static func config(_ bytes: ArraySlice<UInt8>) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        _ = try? HallConfigLoader.parse(text, file: "fuzz.toml")
    }
}

/// libFuzzer's entry point (built with -sanitize=fuzzer; see scripts/fuzz.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
/// SwiftPM links an executable's `main` to `queue_fuzz_main`: hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("queue_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
/// Without libFuzzer: replays files (a corpus, or a crash libFuzzer saved) through the same code,
/// so a finding can be re-run in the debug build.
@main
struct ReplayCorpus {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: queue-fuzz FILE|DIR… (replays inputs; scripts/fuzz.sh fuzzes)\n".utf8))
            exit(64)
        }
        var count = 0
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            let files = isDir.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTarget.run(Array(data))
                count += 1
            }
        }
        print("replayed \(count) inputs, no crash")
    }
}
#endif
