/// How the hall's display boards look and speak, from the `[board]` table of the hall config.
/// It travels to the boards inside the snapshot, so one file sets every board in the hall.
public struct BoardSettings: Codable, Equatable, Sendable {
    /// A line that scrolls along the bottom of hall boards; empty for none.
    public var notice: String
    /// How many earlier calls the hall board lists.
    public var recentCalls: Int
    /// How long the newest call flashes, in seconds.
    public var flashSeconds: Double
    /// Whether an English announcement follows the Vietnamese one.
    public var announceEnglish: Bool
    public var theme: Theme

    public init(notice: String = "", recentCalls: Int = 6, flashSeconds: Double = 6, announceEnglish: Bool = false, theme: Theme = Theme()) {
        self.notice = notice
        self.recentCalls = recentCalls
        self.flashSeconds = flashSeconds
        self.announceEnglish = announceEnglish
        self.theme = theme
    }

    /// Colours as "#RRGGBB". The default is high-contrast: white and yellow on black.
    public struct Theme: Codable, Equatable, Sendable {
        public var background: String
        public var panel: String
        public var text: String
        public var muted: String
        public var accent: String
        public var flash: String
        public var warning: String

        public init(background: String = "#000000", panel: String = "#1A1A1A", text: String = "#FFFFFF",
                    muted: String = "#D0D0D0", accent: String = "#FFD400", flash: String = "#003896", warning: String = "#FF6B6B") {
            self.background = background
            self.panel = panel
            self.text = text
            self.muted = muted
            self.accent = accent
            self.flash = flash
            self.warning = warning
        }
    }
}
