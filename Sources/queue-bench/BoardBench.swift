import ArgumentParser
import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueWire

/// The display board as deployed: the real `queue-display` (SDL dummy video driver, software
/// rendering) subscribed to a real coordinator. Measures call → drawn frame, idle CPU and memory.
struct BoardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Call-to-frame latency, idle CPU and memory of queue-display.")

    @Option(help: "Calls to time.")
    var calls = 200

    @Option(help: "Seconds of idle to measure CPU over.")
    var idleSeconds = 20.0

    @Option(help: "Board size, WIDTHxHEIGHT.")
    var size = "1920x1080"

    func run() async throws {
        let work = try BenchDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: work) }
        print(BenchDirectory.machine)
        print("queue-display \(size), SDL_VIDEODRIVER=dummy (software rendering), real coordinator on 127.0.0.1")
        print("")
        try await latencyAndIdle(work: work + "/still", notice: nil)
        print("")
        try await latencyAndIdle(work: work + "/scrolling", notice: String(repeating: "Công dân vui lòng chuẩn bị đầy đủ hồ sơ trước khi đến quầy. ", count: 3))
    }

    func latencyAndIdle(work: String, notice: String?) async throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let extra = notice.map { "[board]\nnotice = \"\($0)\"\nflash_seconds = 2\n" } ?? "[board]\nflash_seconds = 2\n"
        let coordinator = try BenchCoordinator(work: work, extraConfig: extra)
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        let added = try await manager.send(.addDevice(name: "board-1", role: .display, counter: nil))
        let keyPath = work + "/board.key"
        try KeyFile(device: "board-1", role: .display, key: Data(base64Encoded: added.key!)!).write(path: keyPath)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))

        let board = try BoardProcess(arguments: ["--layout", "hall", "--windowed", "--mute", "--trace-frames", "--size", size,
                                                 "--coordinator", "127.0.0.1:\(coordinator.address.port)", "--key-file", keyPath])
        defer { board.stop() }
        try await board.waitForFrame { $0.online }

        var latencies: [Double] = []
        for _ in 0..<calls {
            _ = try await manager.send(.command(.issue(service: "A", priority: .normal)))
            let sent = Date().milliseconds
            let reply = try await manager.send(.command(.callNext(counter: 1)))
            let label = reply.events?.last?.ticket?.label ?? ""
            let frame = try await board.waitForFrame { $0.label == label && $0.ms >= sent }
            latencies.append(Double(frame.ms - sent))
            _ = try await manager.send(.command(.noShow(counter: 1)))
        }
        latencies.sort()
        let title = notice == nil ? "still hall board" : "hall board with a scrolling notice"
        print("\(title): call → drawn frame over \(calls) calls: p50 \(Int(CoordinatorBench.percentile(latencies, 0.5))) ms, p99 \(Int(CoordinatorBench.percentile(latencies, 0.99))) ms, max \(Int(latencies.last ?? 0)) ms")

        // Idle: the last flash ends, then nothing happens.
        try await Task.sleep(for: .seconds(3))
        let cpu0 = BenchDirectory.cpuSeconds(board.process.processIdentifier)
        let frames0 = board.frameCount
        try await Task.sleep(for: .seconds(idleSeconds))
        let cpu = BenchDirectory.cpuSeconds(board.process.processIdentifier) - cpu0
        let frames = board.frameCount - frames0
        let pid = board.process.processIdentifier
        print(String(format: "\(title): idle %.0f s: CPU %.2f %% of one core, %d frames drawn; memory %.1f MB resident (%.1f MB anonymous, %.1f MB mapped code)",
                     idleSeconds, cpu / idleSeconds * 100, frames,
                     BenchDirectory.residentMB(pid), BenchDirectory.residentMB(pid, "RssAnon"), BenchDirectory.residentMB(pid, "RssFile")))
        await manager.close()
    }
}

/// The board under test, its frame trace read on a thread of its own.
final class BoardProcess: @unchecked Sendable {
    struct Frame { var ms: Int64; var label: String; var online: Bool }
    let process = Process()
    private let frames = NIOLockedValueBox<[Frame]>([])

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: BenchDirectory.binary("queue-display"))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SDL_VIDEODRIVER"] = "dummy"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let handle = out.fileHandleForReading
        let frames = frames
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...nl)
                    let parts = line.split(separator: " ")
                    if parts.count == 4, parts[0] == "frame", let ms = Int64(parts[1]) {
                        frames.withLockedValue { $0.append(Frame(ms: ms, label: String(parts[2]), online: parts[3] == "online")) }
                    }
                }
            }
        }
    }

    var frameCount: Int { frames.withLockedValue { $0.count } }

    func waitForFrame(timeout: Double = 5, _ matches: (Frame) -> Bool) async throws -> Frame {
        let deadline = Date() + timeout
        while Date() < deadline {
            if let f = frames.withLockedValue({ $0.first(where: matches) }) { return f }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw QueueError("bench", "the board drew no matching frame within \(timeout) s")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
