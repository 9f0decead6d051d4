import Foundation

/// What a board or kiosk says of itself to the coordinator (`device-state`, when it changes and
/// every 15 s), for the manager's device panel. Nothing of it is recorded: it lives in the
/// coordinator's memory, and devices say it again within seconds of a restart.
public struct DeviceState: Codable, Equatable, Sendable {
    /// A kiosk's printer as it last answered (ESC/POS DLE EOT), or why it could not be asked.
    public enum Printer: String, Codable, Sendable, CaseIterable {
        case ready
        case paperLow = "paper-low"
        case noPaper = "no-paper"
        case coverOpen = "cover-open"
        case offline, missing, failed

        /// Tickets cannot be printed (paper low still prints, but needs a person too).
        public var stopsPrinting: Bool { self != .ready && self != .paperLow }
    }

    /// Kiosk: its printer, in words when it failed (`printerDetail`), and when it last printed a ticket.
    public var printer: Printer?
    public var printerDetail: String?
    public var lastPrintedAt: Date?
    /// When the screen's drawing loop last came round (at least every 5 s while it works).
    public var screenAt: Date?
    /// Board: whether announcements reach speakers (false: no audio device, silent).
    public var audio: Bool?
    /// The device's own clock when it sent this: the times above are on that clock, which may
    /// differ from the coordinator's (a box without a time server).
    public var sentAt: Date?

    public init(printer: Printer? = nil, printerDetail: String? = nil, lastPrintedAt: Date? = nil, screenAt: Date? = nil, audio: Bool? = nil,
                sentAt: Date? = nil) {
        self.printer = printer
        self.printerDetail = printerDetail
        self.lastPrintedAt = lastPrintedAt
        self.screenAt = screenAt
        self.audio = audio
        self.sentAt = sentAt
    }

    /// The same state but for the screen's time, which changes every pass of the loop, and the
    /// sending time: a change worth telling at once is one of the rest.
    public func sameApartFromScreen(_ other: DeviceState) -> Bool {
        var a = self, b = other
        (a.screenAt, b.screenAt, a.sentAt, b.sentAt) = (nil, nil, nil, nil)
        return a == b
    }

    /// What changed worth a line in the coordinator's log from `before` to this: the printer
    /// (a problem, or ready again) and the speakers. Nil when nothing did.
    public func logLine(since before: DeviceState?) -> (line: String, problem: Bool)? {
        if let printer, printer != before?.printer, printer != .ready || before?.printer != nil {
            return printer == .ready ? ("its printer is ready again", false)
                                     : ("its printer: \(printer.rawValue)\(printerDetail.map { " (\($0))" } ?? "")", true)
        }
        if audio == false, before?.audio != false { return ("its announcements are silent: no audio device", true) }
        return nil
    }

    /// The same state with its times moved onto a clock that read `now` when this arrived.
    public func onClock(now: Date) -> DeviceState {
        guard let sentAt else { return self }
        let offset = now.timeIntervalSince(sentAt)
        var moved = self
        moved.lastPrintedAt = lastPrintedAt.map { $0 + offset }
        moved.screenAt = screenAt.map { $0 + offset }
        moved.sentAt = now
        return moved
    }
}

/// One board's or kiosk's health as the manager's panel shows it.
public struct DeviceHealth: Equatable, Sendable {
    public var name: String
    public var role: Role
    public var online: Bool
    /// Since when it is online, or offline (the coordinator's start, for one not seen since).
    public var since: Date
    /// What it said last (its times on the coordinator's clock); nil before it said anything
    /// since the coordinator started.
    public var state: DeviceState?

    public init(name: String, role: Role, online: Bool, since: Date, state: DeviceState? = nil) {
        self.name = name
        self.role = role
        self.online = online
        self.since = since
        self.state = state
    }

    /// A screen whose drawing loop has not come round for this long is not responding.
    public static let screenStale: TimeInterval = 30
    /// Offline this long is worth a manager's look (a restart or a short network cut is not).
    public static let offlineAlert: TimeInterval = 60

    /// What needs a person, worst first: offline, the screen not responding, the printer.
    public func problems(now: Date) -> [Problem] {
        guard online else { return now.timeIntervalSince(since) >= Self.offlineAlert ? [.offline(since: since)] : [] }
        var found: [Problem] = []
        if let screenAt = state?.screenAt, now.timeIntervalSince(screenAt) >= Self.screenStale { found.append(.screenStuck(since: screenAt)) }
        if let printer = state?.printer, printer != .ready { found.append(.printer(printer)) }
        if state?.audio == false { found.append(.silent) }
        return found
    }

    public enum Problem: Equatable, Sendable {
        case offline(since: Date)
        case screenStuck(since: Date)
        case printer(DeviceState.Printer)
        case silent

        /// Its name in /metrics.
        public var kind: String {
            switch self {
            case .offline: return "offline"
            case .screenStuck: return "screen"
            case .printer: return "printer"
            case .silent: return "silent"
            }
        }
    }
}

/// Which boards and kiosks are connected, since when, and what each said last: the coordinator's
/// memory of its devices (pure; the hub feeds it as connections come and go). A device may hold
/// several connections; it is online while one is open.
public struct DeviceRoster: Sendable {
    let started: Date
    var connections: [String: Int] = [:]
    var since: [String: Date] = [:]
    var states: [String: DeviceState] = [:]

    public init(started: Date) { self.started = started }

    public mutating func connected(_ device: String, at now: Date) {
        if connections[device, default: 0] == 0 { since[device] = now }
        connections[device, default: 0] += 1
    }

    public mutating func disconnected(_ device: String, at now: Date) {
        guard let open = connections[device], open > 0 else { return }
        connections[device] = open - 1
        if open == 1 { since[device] = now }
    }

    /// `state` with its times on the device's clock; kept on this one. Returns what it said before
    /// (nil the first time since the coordinator started).
    @discardableResult
    public mutating func reported(_ device: String, _ state: DeviceState, at now: Date) -> DeviceState? {
        defer { states[device] = state.onClock(now: now) }
        return states[device]
    }

    /// The health of each board and kiosk among `devices` (revoked keys left out), kiosks first,
    /// then boards, by name.
    public func health(of devices: [DeviceInfo]) -> [DeviceHealth] {
        devices.filter { $0.revokedAt == nil && ($0.role == .kiosk || $0.role == .display) }
            .sorted { ($0.role == .kiosk ? 0 : 1, $0.name) < ($1.role == .kiosk ? 0 : 1, $1.name) }
            .map { d in
                DeviceHealth(name: d.name, role: d.role, online: connections[d.name, default: 0] > 0, since: since[d.name] ?? started,
                             state: states[d.name])
            }
    }
}
