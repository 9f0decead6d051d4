import AppLog
import BoardModel
import DeviceKeys
import DeviceOptions
import Drawing
import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueWire
import Render
import Speech

/// The running board: SDL on the main thread, the network in a task that posts into an inbox
/// and wakes the loop. It draws only when something changed or is animating.
final class DisplayApp {
    var board: Board
    let fonts: Fonts
    let screen: Screen
    let announcer: Announcer
    let mirror: HallMirror
    /// What the coordinator's device panel hears of this board: speakers, screen.
    let reporter = StateReporter()
    let inbox = NIOLockedValueBox<[Board.Input]>([])
    let started = Date()
    /// Pixels per second of the scrolling notice.
    static let noticeSpeed = 90.0

    let traceFrames: Bool

    init(board: Board, fonts: Fonts, width: Int, height: Int, windowed: Bool, mute: Bool, traceFrames: Bool,
         key: KeyFile, locate: @escaping @Sendable () async throws -> CoordinatorAddress) throws {
        self.board = board
        self.fonts = fonts
        self.traceFrames = traceFrames
        screen = try Screen(title: "queue-display", windowed: windowed, width: width, height: height, fonts: fonts)
        var audio: SDLAudio?
        if !mute {
            do { audio = try SDLAudio() } catch { log("\(error); announcements are silent") }
        }
        announcer = Announcer(output: audio.map(AudioBridge.init), log: { log($0) })
        reporter.update { $0.audio = mute ? nil : audio != nil }
        let inbox = inbox, waker = screen.waker, reporter = reporter
        mirror = HallMirror(key: key, locate: locate, log: { log($0, problem: $1) }) { update in
            let input: Board.Input
            switch update {
            case .snapshot(let state, let now): input = .snapshot(state, hallNow: now)
            case .event(let event, let state): input = .event(event, state)
            case .connection(let up, _):
                if up { reporter.reconnected() }
                input = .connection(up)
            case .slow(let slow):
                input = .slow(slow)
            }
            inbox.withLockedValue { $0.append(input) }
            waker.wake()
        }
    }

    func run() throws {
        screen.quitOnSignals()
        let mirror = mirror
        let network = Task.detached { await mirror.run() }
        defer { network.cancel() }
        let reporter = reporter
        let reporting = Task.detached { await reporter.run(on: mirror) }
        defer { reporting.cancel() }
        var dirty = true
        var drawnMinute = -1
        var drawnPage = 0
        var watchdog = LoopWatchdog()
        while true {
            let now = Date()
            // The clock on screen shows minutes: a new minute is a change.
            let pending: [Board.Input] = inbox.withLockedValue { inputs in defer { inputs = [] }; return inputs }
            for input in pending + [Board.Input.tick] {
                let (next, effects) = board.update(input, now: now)
                board = next
                for effect in effects {
                    switch effect {
                    case .announce(let a): announcer.enqueue(a)
                    case .redraw: dirty = true
                    }
                }
            }
            // The minute on the clock, and the page of services (many take turns), as drawn next.
            let minute = Int(board.hallNow(now).timeIntervalSince1970 / 60)
            if minute != drawnMinute { dirty = true }
            let page = board.servicePage(now)
            if page != drawnPage { dirty = true }
            let scrolls = noticeScrolls()
            if dirty || scrolls || board.isFlashing(now) {
                let layout = BoardLayout(measurer: fonts, width: screen.width, height: screen.height)
                if scrolls {
                    // Keep the still part as a picture; each frame only moves the notice.
                    let baseChanged = dirty || board.isFlashing(now)
                    screen.present(base: baseChanged ? layout.base(board, now: now) : nil, overlay: layout.overlay(board, noticeOffset: noticeOffset(now)))
                } else {
                    screen.present(layout.draw(board, now: now))
                }
                dirty = false
                drawnMinute = minute
                drawnPage = page
                watchdog.drew(status: "drawing the \(board.layout == .hall ? "hall" : "counter") board at \(screen.width)×\(screen.height)")
                if traceFrames {
                    printNow("frame \(Date().milliseconds) \(board.newestCall?.label ?? "-") \(board.online ? "online" : "offline")")
                }
            }
            watchdog.loopPassed()
            reporter.update { $0.screenAt = now }
            let wait = board.nextChange(after: now, noticeScrolls: scrolls).timeIntervalSince(Date())
            switch screen.waitEvent(timeout: min(wait, watchdog.longestWait)) {
            case .quit?: return
            case .key(let k)? where k == "Escape" || k == "Q": return
            case .resized?:
                screen.refreshSize()
                dirty = true
            case .tap(let x, let y)?:
                if rate(at: x, y, now: Date()) { dirty = true }
            default: break
            }
        }
    }

    /// A touch on a rating button while the counter board asks: sent once, thanked once recorded.
    /// True when it was one (the prompt goes at once).
    func rate(at x: Int, _ y: Int, now: Date) -> Bool {
        guard board.isAskingRating(now), let counter = board.counter, let ticket = board.ratingTicket, let day = board.hall?.day,
              let rating = BoardLayout(measurer: fonts, width: screen.width, height: screen.height).ratingButtons().first(where: { $0.1.contains(x, y) })?.0
        else { return false }
        board.ratingUntil = nil
        let mirror = mirror, inbox = inbox, waker = screen.waker
        // One request id per visit: a retry after a lost link rates once; a deadline (hall time)
        // keeps a touch that reaches a stalled coordinator late from rating anything.
        let deadline = board.hallNow(now) + 10
        Task.detached {
            do {
                _ = try await mirror.send(.rate(counter: counter, ticket: ticket, rating: rating, reason: nil), requestId: "rating-\(day)-\(ticket)", deadline: deadline)
                inbox.withLockedValue { $0.append(.rated) }
            } catch let error as QueueError where error.code == .alreadyRated {
                inbox.withLockedValue { $0.append(.rated) }
            } catch {
                log("the rating touched on the board was not recorded: \(error)", problem: true)
            }
            waker.wake()
        }
        return true
    }

    func noticeWidth() -> Int? {
        guard board.layout == .hall, let notice = board.hall?.config.board.notice, !notice.isEmpty else { return nil }
        return fonts.measure(notice, size: BoardLayout.noticeSize(width: screen.width, height: screen.height), bold: false).w
    }

    /// The notice scrolls only when it does not fit.
    func noticeScrolls() -> Bool { (noticeWidth() ?? 0) > screen.width - 2 * max(8, min(screen.width, screen.height) / 60) }

    func noticeOffset(_ now: Date) -> Int {
        guard noticeScrolls(), let w = noticeWidth() else { return 0 }
        let cycle = w + screen.width / 3
        return Int(now.timeIntervalSince(started) * Self.noticeSpeed) % cycle - screen.width / 6
    }
}

/// Speech's audio output, played through SDL.
final class AudioBridge: AudioOutput {
    let audio: SDLAudio
    init(_ audio: SDLAudio) { self.audio = audio }
    func play(_ samples: [Int16], rate: Int) throws { try audio.play(samples, rate: rate) }
}
