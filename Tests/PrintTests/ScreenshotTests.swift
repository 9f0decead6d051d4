import Foundation
import QueueTestSupport
import Testing

/// The board, kiosk and ticket pictures in docs/screenshots, taken by the suite from the real
/// binaries (scripts/screenshots.sh: the sample hall on a virtual Monday morning, 2026-11-30,
/// whatever today is). Into a temporary folder; SCREENSHOTS=docs/screenshots retakes the docs'.
@Suite struct ScreenshotTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/screenshots.sh").path

    /// Every picture the docs show of a board, the kiosk or a printed ticket.
    static let pictures = [
        "board-hall-1920x1080.png", "board-hall-1080x1920.png", "board-hall-800x480.png", "board-counter-1920x1080.png",
        "board-counter-1080x1920.png", "board-counter-rating-1920x1080.png", "board-hall-offline-1920x1080.png",
        "board-hall-slow-1920x1080.png", "board-hall-9-services-1920x1080.png", "board-hall-9-services-800x480.png",
        "kiosk-home-1920x1080.png", "kiosk-home-800x480.png", "kiosk-home-en-1080x1920.png", "kiosk-ticket-1920x1080.png",
        "kiosk-closed-1920x1080.png", "kiosk-expired-1280x800.png", "kiosk-code-1920x1080.png", "kiosk-appointment-1920x1080.png",
        "kiosk-out-of-service-1920x1080.png", "ticket-printed-80mm.png", "ticket-appointment-80mm.png",
    ]

    @Test(.timeLimit(.minutes(3)))
    func everyBoardKioskAndTicketPictureIsTakenFromTheRealBinaries() async throws {
        let folder = try TemporaryFolder("screenshots")
        defer { folder.remove() }
        let out = ProcessInfo.processInfo.environment["SCREENSHOTS"] ?? folder.path
        let run = try await ProgramRun.run("/bin/bash", [Self.script], environment: ["BIN": CoordinatorProcess.binDir.path, "OUT": out])
        #expect(run.status == 0, "\(run.out.suffix(300)) \(run.err.suffix(300))")
        for name in Self.pictures {
            let data = FileManager.default.contents(atPath: out + "/" + name) ?? Data()
            #expect(data.count > 10_000 && data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name): \(data.count) bytes")
        }
    }
}
