import Foundation
import NIOConcurrencyHelpers
import Speech
import Testing

/// Heard samples, collected instead of played.
final class FakeSpeakers: AudioOutput {
    let heard = NIOLockedValueBox<[[Int16]]>([])
    func play(_ samples: [Int16], rate: Int) throws { heard.withLockedValue { $0.append(samples) } }
}

@Suite struct SpeechTests {
    @Test func theChimeIsAudibleAndShort() {
        let samples = Chime.samples()
        #expect(samples.count > 15_000 && samples.count < 30_000)
        #expect(samples.map { abs(Int($0)) }.max()! > 10_000)
    }

    @Test func espeakNgOutputIsReadAsSixteenBitMono() throws {
        // A streamed WAV as espeak-ng writes it to stdout: sizes 0x7fffffff, then the data.
        var bytes = Array("RIFF".utf8) + [0xff, 0xff, 0xff, 0x7f] + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + [16, 0, 0, 0, 1, 0, 1, 0, 0x22, 0x56, 0, 0, 0x44, 0xac, 0, 0, 2, 0, 16, 0]
        bytes += Array("data".utf8) + [0xff, 0xff, 0xff, 0x7f] + [0x01, 0x00, 0xff, 0xff, 0x00, 0x80]
        let speech = try WAV.parse(Data(bytes))
        #expect(speech.rate == 22_050)
        #expect(speech.samples == [1, -1, Int16.min])
        #expect(throws: SpeechError.self) { try WAV.parse(Data("not a wav file at all, not even close to one".utf8)) }
    }

    @Test func withoutTheSynthesizerEachAnnouncementIsTheChimeAloneInOrder() {
        let speakers = FakeSpeakers()
        let logged = NIOLockedValueBox<[String]>([])
        let announcer = Announcer(output: speakers, synthesizer: Synthesizer(program: "/nonexistent/espeak-ng"),
                                  log: { line in logged.withLockedValue { $0.append(line) } })
        announcer.enqueue(chime: true, utterances: [(voice: "vi", text: "Mời công dân")])
        announcer.enqueue(chime: false, utterances: [])
        announcer.enqueue(chime: true, utterances: [(voice: "vi", text: "Mời công dân")])
        announcer.drain(timeout: 10)
        #expect(speakers.heard.withLockedValue { $0 } == [Chime.samples(), [], Chime.samples()])
        // One line per kind of failure, not one per announcement.
        #expect(logged.withLockedValue { $0 }.count == 1)
        #expect(logged.withLockedValue { $0 }.first?.contains("espeak-ng") == true)
    }

    @Test func withoutSpeakersTheAnnouncerCarriesOnSilently() {
        let logged = NIOLockedValueBox<[String]>([])
        let announcer = Announcer(output: nil, log: { line in logged.withLockedValue { $0.append(line) } })
        for _ in 0..<3 { announcer.enqueue(chime: true, utterances: []) }
        announcer.drain(timeout: 10)
        #expect(!announcer.isBusy)
        #expect(logged.withLockedValue { $0 } == ["no audio output: announcements are silent"])
    }
}
