import CSDL2
import Foundation

/// Plays 16-bit mono samples through SDL's audio queue. With SDL_AUDIODRIVER=disk and
/// SDL_DISKAUDIOFILE the exact samples land in a file, which is how tests hear it. Sendable: it
/// holds only the device id, and SDL locks the device around every queue call.
public final class SDLAudio: Sendable {
    let device: SDL_AudioDeviceID
    public let rate: Int

    /// Opens the default output; throws (and the caller goes on silently) when there is none.
    public init(rate: Int = 22_050) throws {
        if SDL_WasInit(UInt32(SDL_INIT_AUDIO)) == 0, SDL_InitSubSystem(UInt32(SDL_INIT_AUDIO)) != 0 {
            throw RenderError("no audio: \(String(cString: SDL_GetError()))")
        }
        var want = SDL_AudioSpec()
        want.freq = Int32(rate)
        want.format = SDL_AudioFormat(AUDIO_S16SYS)
        want.channels = 1
        want.samples = 1024
        var have = SDL_AudioSpec()
        device = SDL_OpenAudioDevice(nil, 0, &want, &have, 0)
        guard device != 0 else { throw RenderError("no audio device: \(String(cString: SDL_GetError()))") }
        self.rate = rate
        SDL_PauseAudioDevice(device, 0)
    }

    deinit { SDL_CloseAudioDevice(device) }

    /// Queues the samples and returns once they have been played.
    public func play(_ samples: [Int16], rate: Int) throws {
        let ok = samples.withUnsafeBytes { SDL_QueueAudio(device, $0.baseAddress, UInt32($0.count)) }
        guard ok == 0 else { throw RenderError("audio queue failed: \(String(cString: SDL_GetError()))") }
        while SDL_GetQueuedAudioSize(device) > 0 { Thread.sleep(forTimeInterval: 0.02) }
        // The device still holds its last buffer.
        Thread.sleep(forTimeInterval: Double(1024) / Double(self.rate))
    }
}
