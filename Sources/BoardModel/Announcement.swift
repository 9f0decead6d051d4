/// The words of an announcement. Ticket numbers are spelled sign by sign ("A không hai ba"),
/// because a speech engine reads "023" as a number; counter numbers are read as numbers.
public enum Phrases {
    static let digitsVi = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    static let digitsEn = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    /// English names of letters, spelled so that espeak-ng says the letter: a lone "A" is read as
    /// the article ("uh"), "eh" as the letter (checked with `espeak-ng -x`).
    static let lettersEn: [Character: String] = [
        "A": "eh", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "gee", "H": "aitch", "I": "eye",
        "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en", "O": "oh", "P": "pee", "Q": "cue", "R": "ar",
        "S": "ess", "T": "tee", "U": "you", "V": "vee", "W": "double you", "X": "ex", "Y": "why", "Z": "zed",
    ]
    /// Vietnamese names of Latin letters as a hall says them.
    static let lettersVi: [Character: String] = [
        "A": "a", "B": "bê", "C": "xê", "D": "dê", "E": "e", "F": "ép", "G": "giê", "H": "hát", "I": "i",
        "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy",
        "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
    ]

    /// "A023" → "A không hai ba".
    public static func spellVietnamese(_ label: String) -> String {
        label.uppercased().map { c -> String in
            if let d = c.wholeNumberValue { return digitsVi[d] }
            if c == "A" { return "A" }
            return lettersVi[c] ?? String(c)
        }.joined(separator: " ")
    }

    /// "A023" → "eh zero two three".
    public static func spellEnglish(_ label: String) -> String {
        label.uppercased().map { c in c.wholeNumberValue.map { digitsEn[$0] } ?? lettersEn[c] ?? String(c) }.joined(separator: " ")
    }

    /// "Xin mời công dân có số thứ tự A không hai ba đến quầy số 5. Số A không hai ba, quầy số 5."
    /// The number is said twice, as hall staff do; a recall begins "Xin mời lại", so a citizen
    /// hears that the counter is still waiting for them.
    public static func callVietnamese(label: String, counter: Int, recall: Bool = false) -> String {
        let number = spellVietnamese(label)
        return "Xin mời\(recall ? " lại" : "") công dân có số thứ tự \(number) đến quầy số \(counter). Số \(number), quầy số \(counter)."
    }

    /// "Ticket eh zero two three, please go to counter 5."; a recall begins "Once again,".
    public static func callEnglish(label: String, counter: Int, recall: Bool = false) -> String {
        (recall ? "Once again, ticket " : "Ticket ") + "\(spellEnglish(label)), please go to counter \(counter)."
    }
}

/// One announcement as the board decides it: whether the chime comes first, then what to say, in
/// which voices (espeak-ng voice names), in order. Playing it is the Speech module's business.
public struct Announcement: Equatable, Sendable {
    public struct Utterance: Equatable, Sendable {
        public var voice: String
        public var text: String
        public init(voice: String, text: String) {
            self.voice = voice
            self.text = text
        }
    }

    /// The two-tone chime before the words.
    public var chime: Bool
    public var utterances: [Utterance]

    public init(chime: Bool = true, utterances: [Utterance]) {
        self.chime = chime
        self.utterances = utterances
    }

    /// A call or recall of `label` to `counter`: the chime, the Vietnamese sentence, then the
    /// English one when asked.
    public static func call(label: String, counter: Int, english: Bool, recall: Bool = false) -> Announcement {
        var u = [Utterance(voice: "vi", text: Phrases.callVietnamese(label: label, counter: counter, recall: recall))]
        if english { u.append(Utterance(voice: "en", text: Phrases.callEnglish(label: label, counter: counter, recall: recall))) }
        return Announcement(chime: true, utterances: u)
    }
}
