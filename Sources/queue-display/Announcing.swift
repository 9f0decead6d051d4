import BoardModel
import Speech

/// The board decides what to announce (BoardModel); Speech only plays voices and texts.
extension Announcer {
    func enqueue(_ announcement: Announcement) {
        enqueue(chime: announcement.chime, utterances: announcement.utterances.map { (voice: $0.voice, text: $0.text) })
    }
}
