/// What the announcer plays: the chime when asked, then each text in its espeak-ng voice, in order.
/// Speech does not know what the words mean; the board decides them (BoardModel's `Announcement`).
public struct Playback: Equatable, Sendable {
    public struct Utterance: Equatable, Sendable {
        /// An espeak-ng voice name: "vi", "en".
        public var voice: String
        public var text: String
        public init(voice: String, text: String) {
            self.voice = voice
            self.text = text
        }
    }

    public var chime: Bool
    public var utterances: [Utterance]

    public init(chime: Bool, utterances: [Utterance]) {
        self.chime = chime
        self.utterances = utterances
    }
}
