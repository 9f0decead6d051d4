import Foundation
import NIOConcurrencyHelpers
import QueueCore

/// Starts the `queue-coordinator` binary and waits for its `listening` line: the one launcher,
/// for what must be a separate process (tests that kill or restart it, whole-process
/// benchmarks). Everything else runs a `HallServer` in its own process.
public enum CoordinatorBinary {
    /// Runs `binary` with `arguments` (give `--port 0` and read the port from the result); its
    /// standard error goes to `log` (a file, so a chatty coordinator never blocks on a full pipe).
    public static func launch(_ binary: String, arguments: [String], log: FileHandle? = nil,
                              timeout: TimeInterval = 60) async throws -> (Process, Listening) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        if let log { process.standardError = log }
        do { try process.run() } catch {
            throw QueueError(.noCoordinator, "Cannot start the coordinator at \(binary): \(error.localizedDescription); build it (swift build).")
        }
        let settled = NIOLockedValueBox(false) // the first line came, or the child ended
        // A coordinator that says nothing in time is stopped, which ends the read below.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if !settled.withLockedValue({ $0 }) { kill(pid, SIGTERM) }
        }
        // Its first line, read on a thread of its own: no task's thread waits on the pipe.
        let reader = out.fileHandleForReading
        let line: String? = await withCheckedContinuation { done in
            Thread.detachNewThread {
                var text = Data()
                while !text.contains(UInt8(ascii: "\n")) {
                    let chunk = reader.availableData
                    guard !chunk.isEmpty else {
                        process.waitUntilExit()
                        settled.withLockedValue { $0 = true }
                        done.resume(returning: nil)
                        return
                    }
                    text.append(chunk)
                }
                settled.withLockedValue { $0 = true }
                done.resume(returning: String(decoding: text, as: UTF8.self))
            }
        }
        guard let line else {
            throw QueueError(.noCoordinator, "The coordinator at \(binary) exited (status \(process.terminationStatus)) before listening, or said nothing within \(Int(timeout)) s.")
        }
        guard let listening = Listening(line: line) else {
            process.terminate()
            throw QueueError(.noCoordinator, "The coordinator at \(binary) said \"\(line.prefix(80))\" instead of where it listens.")
        }
        return (process, listening)
    }
}
