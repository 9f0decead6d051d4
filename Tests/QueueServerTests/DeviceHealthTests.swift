import Foundation
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
        let printer = try FakeNetworkPrinter(paper: FakeNetworkPrinter.outOfPaper)

        let kiosk = try RunningBinary("queue-kiosk", ["--windowed", "--size", "800x480", "--key-file", folder.file("kiosk.key"),
                                                      "--coordinator", "127.0.0.1:\(hall.port)", "--printer", "tcp://127.0.0.1:\(printer.port)"])
        defer { kiosk.stop() }
        let board = try RunningBinary("queue-display", ["--windowed", "--size", "800x480", "--mute", "--key-file", folder.file("board.key"),
                                                        "--coordinator", "127.0.0.1:\(hall.port)"])
        func health(_ name: String) -> DeviceHealth? { hall.deviceHealth().first { $0.name == name } }
        #expect(await eventually(seconds: 30) { health("kiosk-1")?.state?.printer == .noPaper },
                "\(String(describing: health("kiosk-1"))) \(kiosk.err)")
        #expect(await eventually(seconds: 30) { health("board-hall")?.online == true && health("board-hall")?.state?.screenAt != nil },
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
        #expect(await eventually(seconds: 30) { health("board-hall")?.online == false })
        let gone = try #require(health("board-hall"))
        #expect(gone.since >= goneAt - 1 && gone.problems(now: gone.since + 60) == [.offline(since: gone.since)])

        // Paper put in: the kiosk says so within its status interval (15 s) and the alarm goes.
        printer.paper.withLockedValue { $0 = FakeNetworkPrinter.withPaper }
        #expect(await eventually(seconds: 30) { health("kiosk-1")?.state?.printer == .ready }, "\(String(describing: health("kiosk-1")))")
        // And the coordinator's journal said so (its warnings go to coordinator.log here; "ready
        // again" is a notice, below this test's log level).
        #expect(hall.log.contains("kiosk-1: its printer: no-paper (Máy in hết giấy · Printer out of paper)"), "\(hall.log)")
    }

    @Test func onlyBoardsAndKiosksSpeakForThemselves() async throws {
        let hall = try await HallInProcess()
        let clerk = try await hall.connect(try await hall.addDevice("counter-2", .counter, counter: 2))
        do {
            _ = try await clerk.send(.deviceState(DeviceState(printer: .noPaper)), requestId: nil)
            Issue.record("a counter's key spoke as a device")
        } catch let error as QueueError {
            #expect(error.code == .forbidden, "\(error)")
        }
        await clerk.close()
    }
}
