import BoardModel
import Drawing
import Foundation
import QueueClient
import QueueConfig
import QueueCore
import QueueTestSupport
import QueueWire
import Render
import Testing

/// The real `queue-display` binary, as a technician or a test uses it headless.
@Suite(.serialized) struct DisplayBinaryTests {
    static let yellow = Color(hex: "#FFD400")!

    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, err: String) {
        let r = try await ProgramRun.run(CoordinatorProcess.binary("queue-display"), arguments,
                                         environment: ["SDL_VIDEODRIVER": "dummy"].merging(environment) { $1 })
        return (r.status, r.err)
    }

    /// A snapshot of a morning: A001 called to counter 5 last, saved in `folder`.
    func savedSnapshot(in folder: TemporaryFolder) async throws -> String {
        var state = HallState(config: HallConfigLoader.defaultHall())
        let now = Date(timeIntervalSince1970: 1_796_000_400)
        for command: Command in [.issue(service: "B", priority: .normal), .issue(service: "A", priority: .normal),
                                 .signIn(counter: 5, clerk: "c5"), .callTicket(counter: 5, label: "A001")] {
            _ = try state.perform(command, by: "t", at: now).get()
        }
        let path = folder.file("snapshot.json")
        try WireJSON.encoder().encode(state).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(.serialized, arguments: [("hall", 1920, 1080), ("hall", 1080, 1920), ("counter", 1920, 1080), ("counter", 1080, 1920)])
    func aSavedSnapshotRendersToAPNGAtEverySize(_ layout: String, _ width: Int, _ height: Int) async throws {
        let folder = try TemporaryFolder("display")
        defer { folder.remove() }
        let png = folder.file("\(layout).png")
        let result = try await run(["--layout", layout, "--counter", "5", "--snapshot", try savedSnapshot(in: folder),
                              "--render-png", png, "--size", "\(width)x\(height)"])
        #expect(result.status == 0, "\(result.err)")
        let image = try PNGImage(path: png)
        #expect(image.width == width && image.height == height)
        // The called number is drawn large in the accent yellow.
        let yellow = image.count(Self.yellow, in: Rect(x: 0, y: 0, w: width, h: height))
        #expect(yellow > width * height / 200, "too little of the called number is visible")
        #expect(image.pixel(x: 2, y: height - 2) != Self.yellow)
    }

    @Test func theLiveHallRendersFromTheRealCoordinator() async throws {
        let coordinator = try await HallInProcess()
        try await coordinator.openTheHall()
        _ = try await coordinator.send(.command(.issue(service: "C", priority: .normal)))
        _ = try await coordinator.send(.command(.signIn(counter: 4, clerk: "Hoàng Văn Em")))
        _ = try await coordinator.send(.command(.callNext(counter: 4)))
        let board = try await coordinator.addDevice("board-1", .display)
        let folder = try TemporaryFolder("display")
        defer { folder.remove() }
        let keyPath = folder.file("board.key")
        try board.write(path: keyPath)
        let png = folder.file("live.png")
        let result = try await run(["--layout", "counter", "--counter", "4", "--coordinator", "127.0.0.1:\(coordinator.port)",
                              "--key-file", keyPath, "--render-png", png, "--size", "1280x720"])
        #expect(result.status == 0, "\(result.err)")
        #expect(try PNGImage(path: png).count(Self.yellow, in: Rect(x: 0, y: 150, w: 1280, h: 400)) > 5_000)
    }

    @Test func aCounterBoardWithoutACounterIsRefusedWithASentence() async throws {
        let folder = try TemporaryFolder("display")
        defer { folder.remove() }
        let result = try await run(["--layout", "counter", "--render-png", folder.file("x.png")])
        #expect(result.status != 0)
        #expect(result.err.contains("A counter board needs --counter N."))
    }

    @Test func theAnnouncementReachesTheSpeakersThroughSDL() async throws {
        let folder = try TemporaryFolder("display")
        defer { folder.remove() }
        let wav = folder.file("audio.raw")
        let result = try await run(["--test-announcement", "A023", "--counter", "5"],
                             environment: ["SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": wav, "SDL_DISKAUDIODELAY": "0"])
        #expect(result.status == 0, "\(result.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: wav))
        let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        // Chime (about 1 s) plus about 2–4 s of speech at 22,050 Hz.
        #expect(samples.count > 22_050 * 2)
        let loud = samples.filter { abs(Int($0)) > 3_000 }.count
        #expect(loud > 5_000, "the audio is silent")
    }

    @Test func withoutAudioTheBoardCarriesOnSilently() async throws {
        let result = try await run(["--test-announcement", "A023"], environment: ["SDL_AUDIODRIVER": "nonexistent"])
        #expect(result.status != 0)
        #expect(result.err.contains("audio"))
    }
}

@Suite struct RealFontTests {
    @Test func everyTextFitsWithTheRealFont() async throws {
        let fonts = try Fonts()
        var state = HallState(config: HallConfigLoader.defaultHall())
        let now = Date(timeIntervalSince1970: 1_796_000_400)
        for s in ["A", "B", "C", "D", "E", "F", "G"] {
            _ = try state.perform(.issue(service: s, priority: .normal), by: "t", at: now).get()
        }
        for (w, h) in [(1920, 1080), (1080, 1920), (1280, 720), (800, 480), (3840, 2160)] {
            for layout in Board.Layout.allCases {
                let board = Board(layout: layout, counter: 1).update(.snapshot(state, hallNow: now), now: now).0
                for case .text(let t) in BoardLayout(measurer: fonts, width: w, height: h).draw(board, now: now) where !t.text.hasPrefix("Công dân vui lòng") {
                    let m = fonts.measure(t.text, size: t.size, bold: t.bold)
                    #expect(t.x >= 0 && t.x + m.w <= w && t.y >= 0 && t.y + m.h <= h, "\(t.text) at \(w)×\(h)")
                }
            }
        }
    }
}
