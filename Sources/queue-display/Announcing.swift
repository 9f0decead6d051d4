import BoardModel
import Speech

/// The board decides what to announce (BoardModel); Speech only plays voices and texts.
extension Playback {
    init(_ announcement: Announcement) {
        self.init(chime: announcement.chime,
                  utterances: announcement.utterances.map { Utterance(voice: $0.voice, text: $0.text) })
    }
}

extension Announcer {
    func enqueue(_ announcement: Announcement) { enqueue(Playback(announcement)) }
}
