/// The stable code of a refusal, for programs: sent on the wire as its `rawValue` (see
/// docs/PROTOCOL.md), matched by the compiler everywhere else. Texts for people (the console's
/// Vietnamese sentences) and retry decisions (`isLinkLost`, `mayRetry`) switch over these members,
/// never over strings. A code this build does not know (from a newer coordinator) still decodes.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The coordinator could not be reached or the link broke: nothing was refused, and the same
    /// request (with the same request id) may be tried again later.
    public var isLinkLost: Bool { Self.linkLost.contains(self) }

    /// Nothing was changed and the same request may work later without anyone doing anything:
    /// a lost link, a busy coordinator, or storage that failed this once.
    public var mayRetry: Bool { isLinkLost || self == .busy || self == .storage }

    static let linkLost: Set<ErrorCode> = [.unreachable, .timeout, .connectionLost, .notFound]

    // MARK: Link: the coordinator could not be reached or the connection broke. Nothing was refused; the same request (same request id) may be sent again.
    public static let unreachable = ErrorCode(rawValue: "unreachable")
    public static let timeout = ErrorCode(rawValue: "timeout")
    public static let connectionLost = ErrorCode(rawValue: "connection-lost")
    public static let notFound = ErrorCode(rawValue: "not-found")

    // MARK: Try again later: the coordinator is up but could not do it now; nothing was changed.
    public static let busy = ErrorCode(rawValue: "busy")
    public static let storage = ErrorCode(rawValue: "storage")

    // MARK: Frames and sessions (docs/PROTOCOL.md).
    public static let badFrame = ErrorCode(rawValue: "bad-frame")
    public static let frameTooLarge = ErrorCode(rawValue: "frame-too-large")
    public static let unknownType = ErrorCode(rawValue: "unknown-type")
    public static let unknownOp = ErrorCode(rawValue: "unknown-op")
    public static let badRequest = ErrorCode(rawValue: "bad-request")
    public static let notAuthenticated = ErrorCode(rawValue: "not-authenticated")
    public static let alreadyAuthenticated = ErrorCode(rawValue: "already-authenticated")
    public static let authFailed = ErrorCode(rawValue: "auth-failed")
    public static let protocolVersion = ErrorCode(rawValue: "protocol-version")
    public static let impostor = ErrorCode(rawValue: "impostor")
    public static let tooManyErrors = ErrorCode(rawValue: "too-many-errors")
    public static let closed = ErrorCode(rawValue: "closed")
    public static let idle = ErrorCode(rawValue: "idle")
    public static let handshakeTimeout = ErrorCode(rawValue: "handshake-timeout")
    public static let requestIdRequired = ErrorCode(rawValue: "request-id-required")
    public static let forbidden = ErrorCode(rawValue: "forbidden")
    public static let revoked = ErrorCode(rawValue: "revoked")
    public static let expired = ErrorCode(rawValue: "expired")
    public static let `internal` = ErrorCode(rawValue: "internal")
    public static let error = ErrorCode(rawValue: "error")

    // MARK: The queue's rules (QueueCore's decide).
    public static let unknownService = ErrorCode(rawValue: "unknown-service")
    public static let unknownCounter = ErrorCode(rawValue: "unknown-counter")
    public static let hallClosed = ErrorCode(rawValue: "hall-closed")
    public static let numbersExhausted = ErrorCode(rawValue: "numbers-exhausted")
    public static let queueEmpty = ErrorCode(rawValue: "queue-empty")
    public static let unknownTicket = ErrorCode(rawValue: "unknown-ticket")
    public static let ticketNotWaiting = ErrorCode(rawValue: "ticket-not-waiting")
    public static let noCurrentTicket = ErrorCode(rawValue: "no-current-ticket")
    public static let wrongState = ErrorCode(rawValue: "wrong-state")
    public static let sameService = ErrorCode(rawValue: "same-service")
    public static let reasonRequired = ErrorCode(rawValue: "reason-required")
    public static let notPaused = ErrorCode(rawValue: "not-paused")
    public static let clerkRequired = ErrorCode(rawValue: "clerk-required")
    public static let counterBusy = ErrorCode(rawValue: "counter-busy")
    public static let counterClosed = ErrorCode(rawValue: "counter-closed")
    public static let counterPaused = ErrorCode(rawValue: "counter-paused")

    // MARK: Manager operations: devices, the virtual clock, ticket rows and reports.
    public static let badDeviceName = ErrorCode(rawValue: "bad-device-name")
    public static let deviceExists = ErrorCode(rawValue: "device-exists")
    public static let unknownDevice = ErrorCode(rawValue: "unknown-device")
    public static let clockNotVirtual = ErrorCode(rawValue: "clock-not-virtual")
    public static let clockBackwards = ErrorCode(rawValue: "clock-backwards")
    public static let clockAhead = ErrorCode(rawValue: "clock-ahead")
    public static let noTickets = ErrorCode(rawValue: "no-tickets")
    /// A phone-page rating of a visit that was not served today, or already rated.
    public static let notRateable = ErrorCode(rawValue: "not-rateable")
    public static let alreadyRated = ErrorCode(rawValue: "already-rated")
    public static let badDay = ErrorCode(rawValue: "bad-day")
    /// Appointments: a code not booked for today, one cancelled or used already, a slot that
    /// cannot be booked (outside opening hours, in the past, or full).
    public static let unknownAppointment = ErrorCode(rawValue: "unknown-appointment")
    public static let appointmentUsed = ErrorCode(rawValue: "appointment-used")
    public static let appointmentCancelled = ErrorCode(rawValue: "appointment-cancelled")
    public static let badSlot = ErrorCode(rawValue: "bad-slot")
    public static let slotFull = ErrorCode(rawValue: "slot-full")
    public static let tooLarge = ErrorCode(rawValue: "too-large")
    public static let report = ErrorCode(rawValue: "report")

    // MARK: The browser console: sign-in, forms and clerk PINs.
    public static let badForm = ErrorCode(rawValue: "bad-form")
    public static let csrf = ErrorCode(rawValue: "csrf")
    public static let sessionExpired = ErrorCode(rawValue: "session-expired")
    public static let badKey = ErrorCode(rawValue: "bad-key")
    public static let webRole = ErrorCode(rawValue: "web-role")
    public static let badPin = ErrorCode(rawValue: "bad-pin")
    public static let unknownPin = ErrorCode(rawValue: "unknown-pin")
    public static let pinTaken = ErrorCode(rawValue: "pin-taken")
    public static let signInFailed = ErrorCode(rawValue: "sign-in-failed")
    public static let tooManyAttempts = ErrorCode(rawValue: "too-many-attempts")

    // MARK: Files on this machine: the database, backups, the state directory, the port.
    public static let database = ErrorCode(rawValue: "database")
    public static let noDatabase = ErrorCode(rawValue: "no-database")
    public static let badData = ErrorCode(rawValue: "bad-data")
    public static let backup = ErrorCode(rawValue: "backup")
    public static let badBackup = ErrorCode(rawValue: "bad-backup")
    public static let noBackup = ErrorCode(rawValue: "no-backup")
    public static let sameDay = ErrorCode(rawValue: "same-day")
    public static let stateDir = ErrorCode(rawValue: "state-dir")
    public static let portInUse = ErrorCode(rawValue: "port-in-use")

    // MARK: Local tools: configuration, key files, addresses, and the simulator, bench and test harness.
    public static let config = ErrorCode(rawValue: "config")
    public static let keyFile = ErrorCode(rawValue: "key-file")
    public static let noKey = ErrorCode(rawValue: "no-key")
    public static let badAddress = ErrorCode(rawValue: "bad-address")
    public static let noCoordinator = ErrorCode(rawValue: "no-coordinator")
    public static let noTicket = ErrorCode(rawValue: "no-ticket")
    public static let output = ErrorCode(rawValue: "output")
    public static let date = ErrorCode(rawValue: "date")
    public static let simulation = ErrorCode(rawValue: "simulation")
    public static let simulationDiverged = ErrorCode(rawValue: "simulation-diverged")
    public static let bench = ErrorCode(rawValue: "bench")
    public static let test = ErrorCode(rawValue: "test")
}
