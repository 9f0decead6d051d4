import Drawing
import Foundation
import Print
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Render
import Testing

/// The real `queue-kiosk` binary, as a hall technician (and the kiosk box) runs it.
@Suite(.serialized) struct KioskBinaryTests {
    func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
        let r = try await ProgramRun.run(CoordinatorProcess.binary("queue-kiosk"), arguments,
                                         environment: ["SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"])
        return (r.status, r.out, r.err)
    }

    @Test func aTestPrintIsARasterTicketThatIsCut() async throws {
        let folder = try TemporaryFolder("kiosk")
        defer { folder.remove() }
        let bin = folder.file("test.bin")
        let result = try await run(["--test-print", "--print-to", "file:\(bin)", "--paper", "58"])
        #expect(result.status == 0, "\(result.err)")
        let (image, cut) = try ESCPOS.decode(Array(try Data(contentsOf: URL(fileURLWithPath: bin))))
        #expect(cut)
        #expect(image.width == 384 && image.height > 384)
        #expect(image.blackCount > 2_000)
    }

    @Test func issuingFromTheCommandLineRecordsAndPrintsOneTicket() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        let folder = try TemporaryFolder("kiosk")
        defer { folder.remove() }
        let bin = folder.file("issue.bin"), png = folder.file("issue.png")
        let result = try await run(["--issue", "a", "--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir,
                              "--print-to", "file:\(bin)", "--ticket-png", png])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Ticket A001 issued and printed"))
        #expect(try await coordinator.status().waiting(service: "A").map(\.label) == ["A001"])
        let (printed, cut) = try ESCPOS.decode(Array(try Data(contentsOf: URL(fileURLWithPath: bin))))
        #expect(cut && printed.width == 576)
        // What prints is what the picture shows, dot for dot after thresholding.
        let picture = try PNGImage(path: png)
        #expect(picture.height == printed.height)
        var differing = 0
        for y in stride(from: 0, to: printed.height, by: 3) {
            for x in stride(from: 0, to: 576, by: 3) {
                let c = picture.pixel(x: x, y: y)
                let dark = (Int(c.r) * 299 + Int(c.g) * 587 + Int(c.b) * 114) / 1000 < 128
                if dark != printed[x, y] { differing += 1 }
            }
        }
        #expect(differing == 0)
    }

    @Test func everyScreenRendersFromTheLiveHall() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "c1")))
        let folder = try TemporaryFolder("kiosk")
        defer { folder.remove() }
        for screen in ["home", "ticket", "closed", "out-of-service"] {
            for size in ["1920x1080", "800x480", "1080x1920"] {
                let png = folder.file("\(screen)-\(size).png")
                let result = try await run(["--render-png", png, "--screen", screen, "--size", size,
                                      "--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir])
                #expect(result.status == 0, "\(screen) \(size): \(result.err)")
                let image = try PNGImage(path: png)
                #expect("\(image.width)x\(image.height)" == size)
                // The ticket screen's QR code (the page of the ticket; an example one in a
                // picture) can be read off the screen, the smallest one too.
                if screen == "ticket", size == "1920x1080", !FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") {
                    Issue.record("The QR check reads the screen with zbarimg: run `make test-deps` (Debian's zbar-tools).")
                }
                if screen == "ticket", FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") {
                    let read = try await ProgramRun.run("/usr/bin/zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png])
                    #expect(read.out.trimmingCharacters(in: .whitespacesAndNewlines) == "http://hall.example:8080/t/ExampleOnly-NotATicket",
                            "\(size): \(read.out) \(read.err)")
                }
            }
        }
    }

    @Test func aDoubleTapOnTheRunningKioskIssuesAndPrintsOneTicket() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "c1")))
        let kioskKey = try await coordinator.addDevice("kiosk-1", .kiosk)
        let folder = try TemporaryFolder("kiosk")
        defer { folder.remove() }
        let keyPath = folder.file("kiosk.key")
        try kioskKey.write(path: keyPath)
        let bin = folder.file("double.bin")
        let kiosk = try await Self.runningKiosk(["--key-file", keyPath, "--coordinator", "127.0.0.1:\(coordinator.port)", "--print-to", "file:\(bin)"])
        kiosk.type("key A\nkey A\n")
        #expect(await kiosk.wait(seconds: 30) { out, _ in out.contains("ticket:A001") }, "\(kiosk.out.suffix(300)) \(kiosk.err)")
        // The second tap had its moment to issue a second ticket, and did not.
        try await Task.sleep(for: .seconds(1))
        kiosk.stop()
        #expect(try await coordinator.status().waiting(service: "A").count == 1)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bin)))
        let cuts = (0..<max(0, bytes.count - 3)).filter { Array(bytes[$0..<$0 + 4]) == ESCPOS.partialCut }.count
        #expect(cuts == 1)
    }

    /// The kiosk running on the live hall, its keys typed on standard input, once it shows the
    /// hall online (as a citizen would wait for the screen).
    static func runningKiosk(_ arguments: [String]) async throws -> RunningBinary {
        let kiosk = try RunningBinary("queue-kiosk", ["--windowed", "--size", "800x480", "--accept-stdin", "--trace-frames"] + arguments, typing: true)
        guard await kiosk.wait(seconds: 30, until: { out, _ in out.contains(" online") }) else {
            kiosk.stop()
            throw QueueError(.noCoordinator, "the kiosk never showed the hall online: \(kiosk.out.suffix(300)) \(kiosk.err)")
        }
        return kiosk
    }

    @Test func aBadPrinterAddressIsRefusedWithASentence() async throws {
        let result = try await run(["--test-print", "--print-to", "lp0"])
        #expect(result.status != 0)
        #expect(result.err.contains("is not a printer; use /dev/usb/lp0, tcp://HOST:9100 or file:PATH."))
    }
}

extension KioskBinaryTests {
    /// Issue 17's "done means": an appointment checked in at the running kiosk (typed on its
    /// keypad) is held while walk-ins are called, and called at its slot ahead of a later walk-in.
    /// The hall's virtual clock starts Monday 2026-11-30 08:00.
    @Test func anAppointmentCheckedInAtTheKioskIsCalledAtItsSlot() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.command(.signIn(counter: 1, clerk: "c1")))
        _ = try await coordinator.send(.setAppointmentCapacity(service: "A", perSlot: 2), requestId: "cap")
        guard case .appointments(let booked, _) = try await coordinator.send(.bookAppointment(service: "A", day: "2026-11-30", minute: 8 * 60 + 30), requestId: "book"),
              let code = booked.first?.code else { Issue.record("no booking"); return }
        let first = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "w1").issuedTicket!

        let kioskKey = try await coordinator.addDevice("kiosk-1", .kiosk)
        let folder = try TemporaryFolder("kiosk")
        defer { folder.remove() }
        try kioskKey.write(path: folder.file("kiosk.key"))
        // As a code scanner types it on the home screen: the first digit opens the code screen.
        let kiosk = try await Self.runningKiosk(["--key-file", folder.file("kiosk.key"), "--coordinator", "127.0.0.1:\(coordinator.port)",
                                                 "--print-to", "file:\(folder.file("t.bin"))"])
        kiosk.type(code.map { "key \($0)\n" }.joined() + "key Return\nkey Return\n")
        #expect(await kiosk.wait(seconds: 30) { out, _ in out.contains("code:\(code)") && out.contains("ticket:A002") }, "\(kiosk.out.suffix(400)) \(kiosk.err)")
        kiosk.stop()
        let held = try #require(try await coordinator.status().waiting(service: "A").first { $0.label == "A002" })
        #expect(held.appointmentAt == CoordinatorProcess.mondayEight + 30 * 60)

        func callNext() async throws -> String? {
            try await coordinator.send(.command(.callNext(counter: 1)), requestId: UUID().uuidString).calledTicket?.label
        }
        func serve() async throws {
            _ = try await coordinator.send(.command(.start(counter: 1)), requestId: UUID().uuidString)
            _ = try await coordinator.send(.command(.finish(counter: 1)), requestId: UUID().uuidString)
        }
        _ = try await coordinator.send(.advanceClock(5 * 60), requestId: "t1")
        let second = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "w2").issuedTicket!
        #expect(try await callNext() == first.label)
        try await serve()
        #expect(try await callNext() == second.label, "08:05: the booking waits for 08:30")
        try await serve()
        _ = try await coordinator.send(.advanceClock(15 * 60), requestId: "t2")
        let third = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "w3").issuedTicket!
        _ = try await coordinator.send(.advanceClock(10 * 60), requestId: "t3")
        #expect(try await callNext() == "A002", "08:30: the booked citizen is called at the slot")
        try await serve()
        #expect(try await callNext() == third.label)
        guard case .appointments(let list, _) = try await coordinator.send(.appointments(from: "2026-11-30", to: "2026-11-30")) else { return }
        #expect(list.map(\.label) == ["A002"])
    }
}
