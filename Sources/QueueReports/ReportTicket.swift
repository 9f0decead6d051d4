import QueueCore

/// One ticket row as reports read it: every recorded instant in integer milliseconds since the
/// Unix epoch (UTC), as the database keeps them. `day` is the hall-local day the number belongs to.
public struct ReportTicket: Equatable, Sendable {
    public var id: Int64
    public var day: String
    public var service: String
    public var outcome: Outcome?
    public var issuedAt: Int64
    /// When the hall's wait for this row starts (`Ticket.waitStartsAt`): when it joined the
    /// queue, or for a booked citizen who came early the slot.
    public var queuedAt: Int64
    public var firstCalledAt: Int64?
    public var lastCalledAt: Int64?
    public var counter: Int?
    public var clerk: String?
    public var serviceStartedAt: Int64?
    public var serviceEndedAt: Int64?
    public var transferredFrom: Int64?
    /// The ticket's label ("A023"), for lists that name dossiers; "" when not read.
    public var label: String
    /// When a row that was never called ended (a cancellation: the citizen gave up), ms; nil
    /// otherwise. Read from the event log; a citizen's wait until then is a lower bound.
    public var endedAt: Int64?
    /// For a booked citizen's ticket: the slot's start, ms (`Ticket.appointmentAt`).
    public var appointmentAt: Int64?

    public init(id: Int64, day: String, service: String, outcome: Outcome?, issuedAt: Int64, queuedAt: Int64,
                firstCalledAt: Int64? = nil, lastCalledAt: Int64? = nil, counter: Int? = nil, clerk: String? = nil,
                serviceStartedAt: Int64? = nil, serviceEndedAt: Int64? = nil, transferredFrom: Int64? = nil,
                label: String = "", endedAt: Int64? = nil, appointmentAt: Int64? = nil) {
        self.id = id
        self.day = day
        self.service = service
        self.outcome = outcome
        self.issuedAt = issuedAt
        self.queuedAt = Ticket.waitStart(queuedAt: queuedAt, appointmentAt: appointmentAt, firstCalledAt: firstCalledAt)
        self.appointmentAt = appointmentAt
        self.firstCalledAt = firstCalledAt
        self.lastCalledAt = lastCalledAt
        self.counter = counter
        self.clerk = clerk
        self.serviceStartedAt = serviceStartedAt
        self.serviceEndedAt = serviceEndedAt
        self.transferredFrom = transferredFrom
        self.label = label
        self.endedAt = endedAt
    }

    /// The report's view of a full ticket.
    public init(_ t: Ticket) {
        self.init(id: t.id, day: t.day, service: t.service, outcome: t.outcome, issuedAt: t.issuedAt.milliseconds,
                  queuedAt: t.queuedAt.milliseconds, firstCalledAt: t.firstCalledAt?.milliseconds,
                  lastCalledAt: t.lastCalledAt?.milliseconds, counter: t.counter, clerk: t.clerk,
                  serviceStartedAt: t.serviceStartedAt?.milliseconds, serviceEndedAt: t.serviceEndedAt?.milliseconds,
                  transferredFrom: t.transferredFrom, label: t.label, appointmentAt: t.appointmentAt?.milliseconds)
    }
}
