import Foundation
import NIOConcurrencyHelpers
import QueueCore

/// A child process whose standard output lines are collected with their arrival, and whose
/// standard input can be written.
final class TracedProcess: @unchecked Sendable { // unchecked: its output buffer is behind a lock; Process may be stopped from any thread
    let process = Process()
    private let lines = NIOLockedValueBox<[(Date, String)]>([])
    private let input = Pipe()

    init(binary: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: BenchDirectory.binary(binary))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "dummy"
        env["SDL_AUDIODRIVER"] = "dummy"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        let handle = out.fileHandleForReading
        let lines = lines
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...nl)
                    lines.withLockedValue { $0.append((Date(), line)) }
                }
            }
        }
    }

    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    var lineCount: Int { lines.withLockedValue { $0.count } }

    func waitForLine(after: Date = .distantPast, timeout: Double = 5, _ matches: (String) -> Bool) async throws -> String {
        let deadline = Date() + timeout
        while Date() < deadline {
            if let l = lines.withLockedValue({ $0.first { $0.0 >= after && matches($0.1) } }) { return l.1 }
            try await Task.sleep(for: .milliseconds(1))
        }
        let last = lines.withLockedValue { $0.suffix(3).map(\.1) }
        throw QueueError(.bench, "no matching output within \(timeout) s; last lines: \(last)")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
