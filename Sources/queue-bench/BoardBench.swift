import ArgumentParser
import DeviceKeys
import Foundation
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
        let coordinator = try await BenchCoordinator(work: work, extraConfig: extra)
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        let added = try await manager.send(.addDevice(name: "board-1", role: .display, counter: nil))
        let keyPath = work + "/board.key"
        try KeyFile(device: "board-1", role: .display, key: Data(base64Encoded: added.key!)!).write(path: keyPath)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))

        let board = try TracedProcess(binary: "queue-display", arguments: [
            "--layout", "hall", "--windowed", "--mute", "--trace-frames", "--size", size,
            "--coordinator", "127.0.0.1:\(coordinator.address.port)", "--key-file", keyPath])
        defer { board.stop() }
        _ = try await board.waitForLine { $0.hasSuffix(" online") }

        var latencies: [Double] = []
        for _ in 0..<calls {
            _ = try await manager.send(.command(.issue(service: "A", priority: .normal)))
            let sent = Date().milliseconds
            let reply = try await manager.send(.command(.callNext(counter: 1)))
            let label = reply.calledTicket?.label ?? ""
            // "frame <ms> <newest call> <online|offline>"
            let line = try await board.waitForLine { $0.split(separator: " ").count == 4 && $0.split(separator: " ")[2] == label }
            latencies.append(Double((Int64(line.split(separator: " ")[1]) ?? sent) - sent))
            _ = try await manager.send(.command(.noShow(counter: 1)))
        }
        latencies.sort()
        let title = notice == nil ? "still hall board" : "hall board with a scrolling notice"
        print("\(title): call → drawn frame over \(calls) calls: p50 \(Int(CoordinatorBench.percentile(latencies, 0.5))) ms, p99 \(Int(CoordinatorBench.percentile(latencies, 0.99))) ms, max \(Int(latencies.last ?? 0)) ms")

        // Idle: the last flash ends, then nothing happens.
        try await Task.sleep(for: .seconds(3))
        let cpu0 = BenchDirectory.cpuSeconds(board.process.processIdentifier)
        let frames0 = board.lineCount
        try await Task.sleep(for: .seconds(idleSeconds))
        let cpu = BenchDirectory.cpuSeconds(board.process.processIdentifier) - cpu0
        let frames = board.lineCount - frames0
        let pid = board.process.processIdentifier
        print(String(format: "\(title): idle %.0f s: CPU %.2f %% of one core, %d frames drawn; memory %.1f MB resident (%.1f MB anonymous, %.1f MB mapped code)",
                     idleSeconds, cpu / idleSeconds * 100, frames,
                     BenchDirectory.residentMB(pid), BenchDirectory.residentMB(pid, "RssAnon"), BenchDirectory.residentMB(pid, "RssFile")))
        await manager.close()
    }
}
