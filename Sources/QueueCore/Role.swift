/// What a device may do. Each device key has exactly one role.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Issues tickets only.
    case kiosk
    /// Operates its own counter only.
    case counter
    /// Reads: snapshot and event stream.
    case display
    /// Everything: reports, device keys, the virtual clock.
    case manager

    /// Whether a device with this role (bound to `ownCounter` when a counter) may send `command`.
    public func permits(_ command: Command, ownCounter: Int?) -> Bool {
        switch self {
        case .manager: return true
        case .display: return false
        case .kiosk:
            if case .issue = command { return true }
            return false
        case .counter:
            guard let c = command.counter else { return false }
            return c == ownCounter
        }
    }
}
