/// A counter's live state: who is signed in, whether it is open or paused, and its ticket.
public struct CounterState: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// No clerk signed in.
        case closed
        case open
        /// Tạm ngừng phục vụ, with a reason.
        case paused
    }

    public var number: Int
    public var status: Status
    public var clerk: String?
    public var pauseReason: String?
    /// The ticket called to or served at this counter now.
    public var ticket: Int64?

    public init(number: Int, status: Status = .closed, clerk: String? = nil, pauseReason: String? = nil, ticket: Int64? = nil) {
        self.number = number
        self.status = status
        self.clerk = clerk
        self.pauseReason = pauseReason
        self.ticket = ticket
    }
}
