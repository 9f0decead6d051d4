import BoardModel
import Foundation
import Render
import Speech

/// `--test-announcement A023`: the chime and the voice once, through the same path as a call.
enum SoundCheck {
    static func run(label: String, counter: Int, english: Bool) throws {
        let audio: SDLAudio
        do { audio = try SDLAudio() } catch {
            throw RenderError("\(error). Check the speakers and ALSA/PulseAudio (aplay -l), or SDL_AUDIODRIVER.")
        }
        let announcement = Announcement.call(label: label, counter: counter, english: english)
        for u in announcement.utterances { print(u.text) }
        let announcer = Announcer(output: AudioBridge(audio), log: { log($0) })
        announcer.enqueue(announcement)
        Thread.sleep(forTimeInterval: 0.05)
        announcer.drain()
    }
}
