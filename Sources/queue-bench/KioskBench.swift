import ArgumentParser
import DeviceKeys
import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueWire

/// The kiosk as deployed: the real `queue-kiosk` (SDL dummy video driver) beside a real
/// coordinator, tapped through its standard-input hook. Measures tap → ticket on screen, tap →
/// printer bytes written, and idle CPU.
struct KioskBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Tap-to-ticket latency, printer bytes latency and idle CPU of queue-kiosk.")

    @Option(help: "Taps to time.")
    var taps = 100

    @Option(help: "Seconds of idle to measure CPU over.")
    var idleSeconds = 20.0

    func run() async throws {
        let work = try BenchDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: work) }
        print(BenchDirectory.machine)
        print("queue-kiosk 1920x1080, SDL_VIDEODRIVER=dummy (software rendering), printer file:, real coordinator on 127.0.0.1")
        // A Monday morning on the hall's virtual clock, so no service is "full for today".
        let coordinator = try await BenchCoordinator(work: work, virtualClock: true)
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))
        let added = try await manager.send(.addDevice(name: "kiosk-1", role: .kiosk, counter: nil))
        let keyPath = work + "/kiosk.key", printerPath = work + "/printer.bin"
        try KeyFile(device: "kiosk-1", role: .kiosk, key: Data(base64Encoded: added.key!)!).write(path: keyPath)
        _ = FileManager.default.createFile(atPath: printerPath, contents: nil)

        let kiosk = try TracedProcess(binary: "queue-kiosk", arguments: [
            "--windowed", "--size", "1920x1080", "--accept-stdin", "--trace-frames", "--return-after", "0.2",
            "--coordinator", "127.0.0.1:\(coordinator.address.port)", "--key-file", keyPath, "--print-to", "file:\(printerPath)"])
        defer { kiosk.stop() }
        _ = try await kiosk.waitForLine { $0.hasSuffix(" home online") }
        try await Task.sleep(for: .milliseconds(500))

        var shown: [Double] = [], printed: [Double] = []
        for _ in 0..<taps {
            let size = (try? FileManager.default.attributesOfItem(atPath: printerPath)[.size] as? Int) ?? 0
            let tapped = Date()
            kiosk.send("key A\n")
            let line = try await kiosk.waitForLine(after: tapped) { $0.contains(" ticket:") }
            let ms = Int64(line.split(separator: " ")[1]) ?? 0
            shown.append(Double(ms - tapped.milliseconds))
            while ((try? FileManager.default.attributesOfItem(atPath: printerPath)[.size] as? Int) ?? 0) <= size {
                try await Task.sleep(for: .milliseconds(1))
            }
            printed.append(Date().timeIntervalSince(tapped) * 1000)
            _ = try await kiosk.waitForLine(after: Date()) { $0.contains(" home ") }
            // Keep the queue short, so the service never becomes "full for today".
            _ = try? await manager.send(.command(.callNext(counter: 1)))
            _ = try? await manager.send(.command(.noShow(counter: 1)))
        }
        shown.sort()
        printed.sort()
        print(String(format: "tap → ticket on screen over %d taps: p50 %.0f ms, p99 %.0f ms, max %.0f ms", taps,
                     CoordinatorBench.percentile(shown, 0.5), CoordinatorBench.percentile(shown, 0.99), shown.last ?? 0))
        print(String(format: "tap → printer bytes written: p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                     CoordinatorBench.percentile(printed, 0.5), CoordinatorBench.percentile(printed, 0.99), printed.last ?? 0))
        try await Task.sleep(for: .seconds(1))
        let pid = kiosk.process.processIdentifier
        let cpu0 = BenchDirectory.cpuSeconds(pid)
        try await Task.sleep(for: .seconds(idleSeconds))
        let cpu = BenchDirectory.cpuSeconds(pid) - cpu0
        print(String(format: "idle %.0f s on the home screen: CPU %.2f %% of one core; memory %.1f MB resident (%.1f MB anonymous, %.1f MB mapped code)",
                     idleSeconds, cpu / idleSeconds * 100, BenchDirectory.residentMB(pid), BenchDirectory.residentMB(pid, "RssAnon"), BenchDirectory.residentMB(pid, "RssFile")))
        await manager.close()
    }
}
