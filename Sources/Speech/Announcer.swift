import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Where announcements are heard. The display implements it with Render's SDL audio. `play` is
/// called from the announcer's own thread.
public protocol AudioOutput: AnyObject, Sendable {
    /// Plays the samples and returns once they have been heard (or throws if there is no device).
    func play(_ samples: [Int16], rate: Int) throws
}

/// Plays announcements one after another on a thread of its own: chime, then each utterance.
/// Two never overlap; a burst is played in order, each one. Without an audio device, or when
/// synthesis fails, it goes on silently and logs one line per kind of failure.
public final class Announcer: Sendable {
    private struct Waiting {
        var queue: [Playback] = []
        var busy = false
    }

    private let waiting = NIOLockedValueBox(Waiting())
    /// Signalled once per enqueued playback; the thread takes what is queued when it wakes.
    private let ready = DispatchSemaphore(value: 0)
    /// A burst longer than this drops the oldest waiting announcements (they are minutes stale).
    public static let maxQueued = 50

    public init(output: AudioOutput?, synthesizer: Synthesizer = Synthesizer(), log: @escaping @Sendable (String) -> Void) {
        let player = Player(output: output, synthesizer: synthesizer, log: log)
        let thread = Thread { [weak self] in self?.run(player) }
        thread.name = "announcer"
        thread.start()
    }

    /// Queues the chime when asked, then each text in its espeak-ng voice ("vi", "en"), in order.
    /// Speech does not know what the words mean; the board decides them.
    public func enqueue(chime: Bool, utterances: [(voice: String, text: String)]) {
        let playback = Playback(chime: chime, utterances: utterances)
        waiting.withLockedValue {
            $0.queue.append(playback)
            if $0.queue.count > Self.maxQueued { $0.queue.removeFirst($0.queue.count - Self.maxQueued) }
        }
        ready.signal()
    }

    /// True while something is queued or playing.
    public var isBusy: Bool {
        waiting.withLockedValue { $0.busy || !$0.queue.isEmpty }
    }

    /// Blocks until everything queued has been played (tests, `--render-png` runs).
    public func drain(timeout: TimeInterval = 60) {
        let deadline = Date() + timeout
        while isBusy && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    private func run(_ player: Player) {
        var player = player
        while true {
            ready.wait()
            // A dropped announcement leaves a signal behind with nothing queued: wait again.
            let next: Playback? = waiting.withLockedValue {
                guard !$0.queue.isEmpty else { return nil }
                $0.busy = true
                return $0.queue.removeFirst()
            }
            guard let next else { continue }
            player.play(next)
            waiting.withLockedValue { $0.busy = false }
        }
    }

    /// One queued announcement.
    private struct Playback: Sendable {
        var chime: Bool
        var utterances: [(voice: String, text: String)]
    }

    /// What only the announcer's thread touches.
    private struct Player {
        let output: AudioOutput?
        let synthesizer: Synthesizer
        let log: @Sendable (String) -> Void
        var logged = Set<String>()

        mutating func play(_ playback: Playback) {
            guard let output else {
                once("no audio output: announcements are silent")
                return
            }
            let rate = 22_050
            var samples = playback.chime ? Chime.samples(rate: rate) : []
            for utterance in playback.utterances {
                do {
                    let speech = try synthesizer.speak(utterance.text, voice: utterance.voice)
                    samples += speech.rate == rate ? speech.samples : Announcer.resample(speech.samples, from: speech.rate, to: rate)
                    samples += [Int16](repeating: 0, count: rate / 4)
                } catch {
                    once("speech synthesis failed, announcing with the chime only: \(error)")
                }
            }
            do {
                try output.play(samples, rate: rate)
            } catch {
                once("audio output failed, announcements are silent: \(error)")
            }
        }

        mutating func once(_ message: String) {
            let key = String(message.prefix(30))
            guard !logged.contains(key) else { return }
            logged.insert(key)
            log(message)
        }
    }

    static func resample(_ samples: [Int16], from: Int, to: Int) -> [Int16] {
        guard from != to, from > 0, !samples.isEmpty else { return samples }
        let n = samples.count * to / from
        return (0..<n).map { samples[min(samples.count - 1, $0 * from / to)] }
    }
}
