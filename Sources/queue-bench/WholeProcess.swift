import Foundation
import QueueCore

/// Whole-process figures, as a person at the terminal would see them: the wall time from start
/// to exit and the peak resident memory (`/usr/bin/time`), output discarded.
enum WholeProcess {
    /// Median wall ms of `runs` runs and the largest peak RSS MB among them.
    static func timed(_ binary: String, _ arguments: [String], runs: Int) throws -> (Double, Double) {
        var walls: [Double] = [], peak = 0.0
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
            p.arguments = ["-f", "maxrss=%M", binary] + arguments
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            let t0 = ContinuousClock.now
            try p.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let d = ContinuousClock.now - t0
            walls.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
            guard p.terminationStatus == 0, let last = text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss=") }) else {
                throw QueueError(.bench, "\(binary) \(arguments.prefix(4).joined(separator: " ")) failed: \(text.suffix(400))")
            }
            peak = max(peak, (Double(last.dropFirst(7)) ?? 0) / 1024)
        }
        return (walls.sorted()[walls.count / 2], peak)
    }
}
