import Foundation
import NIOConcurrencyHelpers
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

/// Issue 15: the manager sees which kiosk or board is offline and since when, and which printer
/// is out of paper. Real binaries on loopback: a kiosk whose network printer says it has no
/// paper (a fake ESC/POS printer answering DLE EOT), and a board that goes away.
@Suite struct DeviceHealthTests {
    @Test(.timeLimit(.minutes(2)))
    func aKioskOutOfPaperAndABoardGoneAreOnTheManagersPanel() async throws {
        let hall = try await HallInProcess()
        try await hall.openTheHall()
        let folder = try TemporaryFolder("device-health")
        defer { folder.remove() }
        try await hall.addDevice("kiosk-1", .kiosk).write(path: folder.file("kiosk.key"))
        try await hall.addDevice("board-hall", .display).write(path: folder.file("board.key"))
        let printer = try FakeStatusPrinter(paper: 0x12 | 0x60) // the paper sensor: out
        defer { printer.stop() }

        let kiosk = try RunningBinary("queue-kiosk", ["--windowed", "--size", "800x480", "--key-file", folder.file("kiosk.key"),
                                                      "--coordinator", "127.0.0.1:\(hall.port)", "--printer", "tcp://127.0.0.1:\(printer.port)"])
        defer { kiosk.stop() }
        let board = try RunningBinary("queue-display", ["--windowed", "--size", "800x480", "--mute", "--key-file", folder.file("board.key"),
                                                        "--coordinator", "127.0.0.1:\(hall.port)"])
        func health(_ name: String) -> DeviceHealth? { hall.deviceHealth().first { $0.name == name } }
        func eventually(_ what: String, _ condition: () -> Bool) async -> Bool {
            for _ in 0..<300 where !condition() { try? await Task.sleep(for: .milliseconds(100)) }
            return condition()
        }
        #expect(await eventually("kiosk out of paper") { health("kiosk-1")?.state?.printer == .noPaper },
                "\(String(describing: health("kiosk-1"))) \(kiosk.err)")
        #expect(await eventually("board online and drawing") { health("board-hall")?.online == true && health("board-hall")?.state?.screenAt != nil },
                "\(String(describing: health("board-hall"))) \(board.err)")
        let kioskNow = try #require(health("kiosk-1"))
        #expect(kioskNow.online && kioskNow.problems(now: Date()) == [.printer(.noPaper)])
        #expect(kioskNow.state?.printerDetail == "Máy in hết giấy · Printer out of paper")
        // And for Prometheus: one device with a printer problem, none offline.
        func problems(_ kind: String) -> Double? {
            hall.metricsText().split(separator: "\n").first { $0.hasPrefix("queue_device_problems_devices{problem=\"\(kind)\"}") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect(problems("printer") == 1 && problems("offline") == 0, "\(hall.metricsText())")

        // The board goes away (its box switched off): offline at once, worth a look after a minute.
        let goneAt = Date()
        board.stop()
        #expect(await eventually("board offline") { health("board-hall")?.online == false })
        let gone = try #require(health("board-hall"))
        #expect(gone.since >= goneAt - 1 && gone.problems(now: gone.since + 60) == [.offline(since: gone.since)])

        // Paper put in: the kiosk says so within its status interval (15 s) and the alarm goes.
        printer.paper.withLockedValue { $0 = 0x12 }
        #expect(await eventually("paper back") { health("kiosk-1")?.state?.printer == .ready }, "\(String(describing: health("kiosk-1")))")
    }

    @Test func onlyBoardsAndKiosksSpeakForThemselves() async throws {
        let hall = try await HallInProcess()
        let clerk = try await hall.connect(try await hall.addDevice("counter-2", .counter, counter: 2))
        await #expect(throws: QueueError.self) { try await clerk.send(.deviceState(DeviceState(printer: .noPaper)), requestId: nil) }
        #expect(hall.deviceHealth().isEmpty)
        await clerk.close()
    }
}

/// A network ESC/POS printer that answers status queries (DLE EOT n) and takes tickets: `paper`
/// is its answer to DLE EOT 4 (0x12 fixed bits, 0x60 out, 0x0C near its end).
final class FakeStatusPrinter: @unchecked Sendable { // unchecked: the listening socket is only closed once, by stop()
    let port: Int
    let paper = NIOLockedValueBox<UInt8>(0x12)
    private let listener: Int32

    init(paper: UInt8) throws {
        self.paper.withLockedValue { $0 = paper }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound else { throw QueueError(.internal, "the fake printer cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let answer = self.paper
        Thread {
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { return }
                Thread {
                    defer { close(fd) }
                    var bytes = [UInt8](repeating: 0, count: 4096)
                    var pending: [UInt8] = []
                    while true {
                        let n = read(fd, &bytes, bytes.count)
                        guard n > 0 else { return }
                        pending += bytes[0..<n]
                        // Answer each DLE EOT n in what came; the rest is a ticket's bytes.
                        var i = 0
                        while i + 2 < pending.count {
                            if pending[i] == 0x10, pending[i + 1] == 0x04 {
                                var reply: UInt8 = pending[i + 2] == 4 ? answer.withLockedValue { $0 } : 0x12
                                _ = write(fd, &reply, 1)
                                i += 3
                            } else {
                                i += 1
                            }
                        }
                        pending = Array(pending[i...])
                    }
                }.start()
            }
        }.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
