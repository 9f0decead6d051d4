import Foundation
import NIOConcurrencyHelpers

/// One of the project's binaries running beside the test, with what it prints collected as it
/// comes, so a test can wait for a line (a frame traced, a log line) and check that it is alive.
public final class RunningBinary: @unchecked Sendable { // unchecked: Process is thread-safe; the output is behind a lock
    public let process = Process()
    private let output = NIOLockedValueBox((out: "", err: ""))
    private let input: Pipe?

    /// `typing`: its standard input is a pipe the test writes to with `type` (else /dev/null).
    public init(_ name: String, _ arguments: [String], environment: [String: String] = [:], typing: Bool = false) throws {
        process.executableURL = URL(fileURLWithPath: CoordinatorProcess.binary(name))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .merging(["SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"]) { $1 }
            .merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        input = typing ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        let box = output
        out.fileHandleForReading.readabilityHandler = { h in
            let text = String(decoding: h.availableData, as: UTF8.self)
            box.withLockedValue { $0.out += text }
        }
        err.fileHandleForReading.readabilityHandler = { h in
            let text = String(decoding: h.availableData, as: UTF8.self)
            box.withLockedValue { $0.err += text }
        }
        try process.run()
    }

    /// Writes `text` to its standard input (started with `typing: true`).
    public func type(_ text: String) {
        input?.fileHandleForWriting.write(Data(text.utf8))
    }

    public var out: String { output.withLockedValue { $0.out } }
    public var err: String { output.withLockedValue { $0.err } }
    public var isRunning: Bool { process.isRunning }

    /// Waits until `condition` holds for what was printed so far (stdout, stderr), or the time is up.
    /// It looks once more when the time is up: on a busy machine this task may wake only after the
    /// deadline, and what was printed meanwhile still counts.
    @discardableResult
    public func wait(seconds: Double, until condition: (_ out: String, _ err: String) -> Bool) async -> Bool {
        let deadline = Date() + seconds
        while Date() < deadline {
            let (o, e) = output.withLockedValue { ($0.out, $0.err) }
            if condition(o, e) { return true }
            if !process.isRunning { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(out, err)
    }

    /// Stops it with SIGTERM and waits; returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}
