import Foundation

/// A change somebody asks of the queue. Counter commands name their counter; the role check
/// (`Role.permits`) decides who may send which.
public enum Command: Equatable, Sendable {
    /// `appointment`: the slot of the booking checked in with it (the coordinator looks it up).
    case issue(service: String, priority: PriorityClass, appointment: Date? = nil)
    case callNext(counter: Int)
    case callTicket(counter: Int, label: String)
    case recall(counter: Int)
    case start(counter: Int)
    case finish(counter: Int)
    case noShow(counter: Int)
    case transfer(counter: Int, to: String)
    case pause(counter: Int, reason: String)
    case resume(counter: Int)
    case signIn(counter: Int, clerk: String)
    case signOut(counter: Int)
    /// Manager: cancel a waiting ticket.
    case cancel(label: String)
    /// Nothing but the passing of time: closes the previous day when the local day changed.
    case tick

    /// The counter a counter-role device must own to send this command.
    public var counter: Int? {
        switch self {
        case .callNext(let c), .callTicket(let c, _), .recall(let c), .start(let c), .finish(let c),
             .noShow(let c), .transfer(let c, _), .pause(let c, _), .resume(let c), .signIn(let c, _),
             .signOut(let c):
            return c
        case .issue, .cancel, .tick:
            return nil
        }
    }
}
