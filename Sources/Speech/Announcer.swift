import Foundation

/// Where announcements are heard. The Render module implements it with SDL audio.
public protocol AudioOutput: AnyObject {
    /// Plays the samples and returns once they have been heard (or throws if there is no device).
    func play(_ samples: [Int16], rate: Int) throws
}

/// Plays announcements one after another on a thread of its own: chime, then each utterance.
/// Two never overlap; a burst is announced in order, each one. Without an audio device, or when
/// synthesis fails, it goes on silently and logs one line per kind of failure.
public final class Announcer: @unchecked Sendable {
    private let output: AudioOutput?
    private let synthesizer: Synthesizer
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var queue: [Announcement] = []
    private var busy = false
    private var logged = Set<String>()
    /// A burst longer than this drops the oldest waiting announcements (they are minutes stale).
    public static let maxQueued = 50

    public init(output: AudioOutput?, synthesizer: Synthesizer = Synthesizer(), log: @escaping @Sendable (String) -> Void) {
        self.output = output
        self.synthesizer = synthesizer
        self.log = log
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "announcer"
        thread.start()
    }

    public func enqueue(_ announcement: Announcement) {
        condition.lock()
        queue.append(announcement)
        if queue.count > Self.maxQueued { queue.removeFirst(queue.count - Self.maxQueued) }
        condition.signal()
        condition.unlock()
    }

    /// True while something is queued or playing.
    public var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busy || !queue.isEmpty
    }

    /// Blocks until everything queued has been played (tests, `--render-png` runs).
    public func drain(timeout: TimeInterval = 60) {
        let deadline = Date() + timeout
        while isBusy && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let next = queue.removeFirst()
            busy = true
            condition.unlock()
            play(next)
            condition.lock()
            busy = false
            condition.unlock()
        }
    }

    private func play(_ announcement: Announcement) {
        guard let output else {
            once("no audio output: announcements are silent")
            return
        }
        let rate = 22_050
        var samples = Chime.samples(rate: rate)
        for utterance in announcement.utterances {
            do {
                let speech = try synthesizer.speak(utterance.text, voice: utterance.voice)
                samples += speech.rate == rate ? speech.samples : Self.resample(speech.samples, from: speech.rate, to: rate)
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

    private func once(_ message: String) {
        let key = String(message.prefix(30))
        guard !logged.contains(key) else { return }
        logged.insert(key)
        log(message)
    }

    static func resample(_ samples: [Int16], from: Int, to: Int) -> [Int16] {
        guard from != to, from > 0, !samples.isEmpty else { return samples }
        let n = samples.count * to / from
        return (0..<n).map { samples[min(samples.count - 1, $0 * from / to)] }
    }
}
