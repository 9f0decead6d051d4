import AppVersion
import AppLog
import ArgumentParser
import Logging
import BoardModel
import DeviceOptions
import Foundation
import QueueClient
import QueueCore
import QueueWire
import Render
import Speech

@main
struct QueueDisplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-display",
        abstract: "A display board: the hall's calls, or one counter's ticket, with Vietnamese announcements.",
        version: AppVersion.text)

    @Option(help: "hall (calls, waiting per service) or counter (one counter's ticket).")
    var layout: Board.Layout = .hall

    @Option(help: "The counter a counter board shows.")
    var counter: Int?

    @OptionGroup var device: DeviceOptions

    @Option(help: "Draw one frame to this PNG file and exit (SDL needs no display for it).")
    var renderPng: String?

    @Option(help: "With --render-png: draw this saved snapshot (a HallState, or `queuectl status --json` output) instead of the live hall.")
    var snapshot: String?

    @Flag(help: "With --render-png: draw the board as it looks 10 minutes after it lost the coordinator.")
    var offline = false

    @Flag(help: "With --render-png: draw the board as it looks while its link to the coordinator is slow.")
    var slowLink = false

    @Flag(help: "With --render-png and --layout counter: draw the question a counter board asks just after its counter served a citizen (rating by touch).")
    var rating = false

    @Option(help: "Picture or window size, WIDTHxHEIGHT.")
    var size: String = "1920x1080"

    @Flag(help: "A normal window instead of fullscreen.")
    var windowed = false

    @Flag(help: "No chime or voice.")
    var mute = false

    @Option(help: "Play the announcement for this ticket (with --counter, default 1) on the speakers and exit: a sound check.")
    var testAnnouncement: String?

    @Flag(help: "With --test-announcement: follow with the English announcement.")
    var english = false

    @Flag(help: "Print a line per drawn frame (time in ms and the newest call) for benchmarks.")
    var traceFrames = false

    @Option(help: "A folder with NotoSans-Regular.ttf and NotoSans-Bold.ttf, instead of the system's fonts.")
    var fontDir: String?

    func validate() throws {
        if layout == .counter, counter == nil { throw ValidationError("A counter board needs --counter N.") }
        if parsedSize == nil { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 1920x1080.") }
        if snapshot != nil, renderPng == nil { throw ValidationError("--snapshot is for --render-png.") }
        if offline, renderPng == nil { throw ValidationError("--offline is for --render-png.") }
        if slowLink, renderPng == nil { throw ValidationError("--slow-link is for --render-png.") }
        if rating, renderPng == nil || layout != .counter { throw ValidationError("--rating is for --render-png with --layout counter.") }
    }

    var parsedSize: (Int, Int)? {
        let p = size.lowercased().split(separator: "x").compactMap { Int($0) }
        return p.count == 2 && p[0] >= 100 && p[1] >= 100 && p[0] <= 8192 && p[1] <= 8192 ? (p[0], p[1]) : nil
    }

    func run() throws {
        AppLog.bootstrap()
        if let label = testAnnouncement {
            try SoundCheck.run(label: label.uppercased(), counter: counter ?? 1, english: english)
            return
        }
        let (width, height) = parsedSize!
        let fonts = try Fonts(directory: fontDir)
        let board = Board(layout: layout, counter: counter)
        if let renderPng {
            try DisplayPicture(board: board, fonts: fonts, width: width, height: height)
                .render(to: renderPng, snapshot: snapshot, offline: offline, slowLink: slowLink, rating: rating, connect: connection)
            return
        }
        let key = try connection.key()
        try DisplayApp(board: board, fonts: fonts, width: width, height: height, windowed: windowed, mute: mute,
                       traceFrames: traceFrames, key: key, locate: connection.locate).run()
    }

    var connection: DeviceSettings { device.settings }
}

extension Board.Layout: ExpressibleByArgument {}

/// A line for the journal: a problem (the coordinator lost, no audio, a ticket not printed) as a
/// warning, anything else (the coordinator back) as a notice.
func log(_ message: String, problem: Bool = true) {
    logger.log(level: problem ? .warning : .notice, "\(message)")
}

/// Made on first use, after `AppLog.bootstrap` in `run`.
let logger = Logger(label: "queue-display")
