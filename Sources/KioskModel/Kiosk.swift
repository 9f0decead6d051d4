import Foundation
import QueueCore

/// The ticket kiosk as a pure model: `(state, input) -> (state, effects)`. The app performs the
/// effects (issue over the network, print) and feeds the results back as inputs, so double taps,
/// lost acknowledgements and printer failures are all tested without SDL or a network.
public struct Kiosk: Equatable, Sendable {
    public enum Language: String, Sendable { case vi, en }

    public enum Screen: Equatable, Sendable {
        case home
        /// A ticket just issued, with how many were ahead and the estimate at issue time.
        case ticket(Slip)
        /// A service that cannot take more citizens today, and why.
        case closed(service: String, reason: ClosedReason)
        /// The kiosk cannot issue: no coordinator, or (by config) no printer.
        case outOfService(String)
        /// A booked citizen typing the appointment's code: the digits so far.
        case code(String)
    }

    public enum ClosedReason: Equatable, Sendable {
        /// Outside opening hours.
        case hallClosed
        /// No counter serving it is staffed.
        case noCounter
        /// The queue would not be reached before closing: come back next working day.
        case full
    }

    /// What a printer failure does, from config.
    public enum PrinterPolicy: String, Sendable {
        /// Show the ticket on screen only, with a clear message, and keep issuing.
        case screen
        /// Stop issuing until the printer is fixed.
        case outOfService = "out-of-service"
    }

    public struct Settings: Equatable, Sendable {
        public var returnAfter: TimeInterval
        public var printerPolicy: PrinterPolicy
        /// Give up waiting for an acknowledgement after this long and show out of service.
        public var issueTimeout: TimeInterval
        /// Seconds after a tap when the coordinator may no longer issue its ticket.
        public var requestDeadline: TimeInterval = 10
        /// Whether home offers "I have an appointment" (a hall that books none turns it off).
        public var appointments = true

        public init(returnAfter: TimeInterval = 12, printerPolicy: PrinterPolicy = .screen, issueTimeout: TimeInterval = 5) {
            self.returnAfter = returnAfter
            self.printerPolicy = printerPolicy
            self.issueTimeout = issueTimeout
        }
    }

    /// A request in flight: retried with the same id until it is answered.
    public struct Pending: Equatable, Sendable {
        public var requestId: String
        public var service: String
        public var priority: PriorityClass
        /// A check-in's appointment code (then `service` is empty).
        public var code: String?
        public var since: Date
        /// When it was last sent; an unanswered request is sent again, same id, every `resendEvery`.
        public var sentAt: Date
    }

    public var settings: Settings
    public var screen: Screen = .home
    public var language: Language = .vi
    public var priority = false
    public var hall: HallState?
    public var online = false
    public var pending: Pending?
    public var printerProblem: String?
    /// A line shown under the screen's content, e.g. a printer message or a refusal.
    public var message: String?
    public var screenSince: Date?
    /// When the connection dropped; after a short grace the kiosk shows out of service.
    public var offlineSince: Date?
    public static let offlineGrace: TimeInterval = 2

    public init(settings: Settings = Settings()) { self.settings = settings }

    public enum Input: Sendable {
        case snapshot(HallState, hallNow: Date?)
        case event(Event, HallState)
        case connection(Bool)
        /// A tap on a service button; the app makes a fresh request id for every tap.
        case tapService(String, requestId: String)
        case tapPriority
        case tapLanguage
        /// A tap anywhere on the ticket or closed screen, or on Back.
        case tapScreen
        /// "I have an appointment" on home: the code screen.
        case tapAppointment
        /// On the code screen: a digit (keypad, keyboard or a code scanner), erase the last one,
        /// and check in with the six typed (a fresh request id per press, as for a tap).
        case typeDigit(Int)
        case eraseDigit
        case submitCode(requestId: String)
        /// The coordinator issued `ticket`; `ahead` and `estimate` are its own (the order its
        /// counters call in, a priority ticket ahead of recent normal ones), or nil from an older
        /// coordinator: then the kiosk's copy of the hall answers.
        /// `page` is the ticket's page for the citizen's phone, carried by its QR code.
        /// `appointment`: the booking a check-in issued it for.
        case issued(requestId: String, ticket: Ticket, ahead: Int?, estimate: TimeInterval?, page: String? = nil,
                    appointment: Appointment? = nil)
        case issueFailed(requestId: String, code: ErrorCode, message: String)
        case printed(requestId: String, problem: String?)
        case printerStatus(String?)
        case tick
    }

    public enum Effect: Equatable, Sendable {
        /// `deadline` is hall time: the coordinator refuses the request after it (no ticket that nobody saw).
        case issue(requestId: String, service: String, priority: PriorityClass, deadline: Date)
        /// Check in with an appointment's code: the coordinator issues its ticket.
        case checkIn(requestId: String, code: String, deadline: Date)
        case print(Slip)
        case redraw
    }

    /// Clock offset of a virtual hall clock, as on boards.
    public var clockOffset: TimeInterval = 0
    public func hallNow(_ now: Date) -> Date { now + clockOffset }
    /// The hall time after which the coordinator must not issue for this tap: the same for every resend.
    func deadline(of p: Pending) -> Date { hallNow(p.since) + settings.requestDeadline }

    /// How often an unanswered request is sent again while connected.
    public static let resendEvery: TimeInterval = 2

    public func update(_ input: Input, now: Date) -> (Kiosk, [Effect]) {
        var k = self
        var effects: [Effect] = [.redraw]
        switch input {
        case .snapshot(let state, let hallNow):
            k.hall = state
            k.online = true
            if let hallNow { k.clockOffset = hallNow.timeIntervalSince(now) }
            k.leaveOutOfServiceIfFixed(now)
            effects += k.resend(now)
        case .event(let event, let state):
            k.hall = state
            k.clockOffset = max(k.clockOffset, event.at.timeIntervalSince(now))
        case .connection(let up):
            k.online = up
            k.offlineSince = up ? nil : (k.offlineSince ?? now)
            if up { k.leaveOutOfServiceIfFixed(now); effects += k.resend(now) }
        case .tapService(let service, let requestId):
            guard k.screen == .home, k.pending == nil else { return (k, []) } // a double tap issues once
            guard k.online, k.hall != nil else {
                k.show(.outOfService(Words.coordinatorGone), now)
                return (k, effects)
            }
            if k.settings.printerPolicy == .outOfService, k.printerProblem != nil { return (k, []) }
            if let reason = k.closedReason(service, now: now) {
                k.show(.closed(service: service, reason: reason), now)
                return (k, effects)
            }
            let priority: PriorityClass = k.priority ? .priority : .normal
            k.pending = Pending(requestId: requestId, service: service, priority: priority, since: now, sentAt: now)
            k.message = nil
            effects.append(k.send(k.pending!))
        case .tapAppointment:
            guard k.screen == .home, k.pending == nil, k.settings.appointments else { return (k, []) }
            k.message = nil
            k.show(.code(""), now)
        case .typeDigit(let digit):
            // A digit on home starts a code: a scanner needs no tap first.
            if k.screen == .home, k.pending == nil, k.settings.appointments, (0...9).contains(digit) {
                k.message = nil
                k.show(.code(String(digit)), now)
                break
            }
            guard case .code(let typed) = k.screen, k.pending == nil, typed.count < Appointments.codeLength, (0...9).contains(digit) else { return (k, []) }
            k.message = nil
            k.show(.code(typed + String(digit)), now)
        case .eraseDigit:
            guard case .code(let typed) = k.screen, k.pending == nil, !typed.isEmpty else { return (k, []) }
            k.show(.code(String(typed.dropLast())), now)
        case .submitCode(let requestId):
            guard case .code(let typed) = k.screen, k.pending == nil else { return (k, []) } // a double press checks in once
            guard typed.count == Appointments.codeLength else {
                k.message = Words.codeIncomplete
                return (k, effects)
            }
            guard k.online, k.hall != nil else {
                k.show(.outOfService(Words.coordinatorGone), now)
                return (k, effects)
            }
            if k.settings.printerPolicy == .outOfService, let problem = k.printerProblem {
                k.show(.outOfService(problem), now)
                return (k, effects)
            }
            k.pending = Pending(requestId: requestId, service: "", priority: .normal, code: typed, since: now, sentAt: now)
            k.message = nil
            effects.append(k.send(k.pending!))
        case .tapPriority:
            guard k.screen == .home else { return (k, []) }
            k.priority.toggle()
        case .tapLanguage:
            k.language = k.language == .vi ? .en : .vi
        case .tapScreen:
            switch k.screen {
            case .ticket, .closed: k.goHome(now)
            case .code where k.pending == nil: k.goHome(now)
            default: return (k, [])
            }
        case .issued(let requestId, let ticket, let ahead, let estimate, let page, let appointment):
            guard let p = k.pending, p.requestId == requestId else { return (k, []) }
            k.pending = nil
            k.message = nil
            let told = ahead ?? k.hall?.ahead(of: ticket) ?? 0
            let wait = ahead == nil ? k.hall?.estimatedWait(ticket.service, ahead: told) : estimate
            var slip = Slip(ticket: ticket, hall: k.hall, ahead: told, estimate: wait, requestId: requestId)
            slip.page = page
            slip.appointment = appointment.map { AppointmentNote($0, ticket: ticket) }
            k.priority = false
            k.show(.ticket(slip), now)
            effects.append(.print(slip))
        case .issueFailed(let requestId, let code, let message):
            guard let p = k.pending, p.requestId == requestId else { return (k, []) }
            if code == .expired {
                k.pending = nil
                k.message = Words.tapExpired
                k.priority = false
                k.leaveOutOfServiceIfFixed(now)
                return (k, effects)
            }
            if code.mayRetry {
                // Not answered: keep the request; the tick sends it again with the same id.
                if now.timeIntervalSince(p.since) > k.settings.issueTimeout {
                    k.show(.outOfService(Words.coordinatorGone), now)
                }
                return (k, effects)
            }
            k.pending = nil
            k.message = Words.refused(code) ?? message
            k.priority = false
            // A code that was refused is typed again.
            if case .code = k.screen { k.show(.code(""), now) }
            k.leaveOutOfServiceIfFixed(now)
        case .printed(_, let problem):
            k.printerProblem = problem
            if let problem {
                k.message = Words.printFailed(problem)
                if case .ticket = k.screen { k.screenSince = now } // give time to read the number
            }
        case .printerStatus(let problem):
            k.printerProblem = problem
            if problem == nil { k.leaveOutOfServiceIfFixed(now) }
            if let problem, k.settings.printerPolicy == .outOfService, k.screen == .home {
                k.show(.outOfService(problem), now)
            }
        case .tick:
            // An unanswered request on a live connection (e.g. a storage error) is sent again, same id.
            if k.online, var p = k.pending, now.timeIntervalSince(p.sentAt) >= Self.resendEvery {
                p.sentAt = now
                k.pending = p
                effects.append(k.send(p))
            }
            let before = k.screen
            switch k.screen {
            case .ticket, .closed:
                if let since = k.screenSince, now.timeIntervalSince(since) >= k.settings.returnAfter { k.goHome(now) }
            case .home, .code:
                // A code left half typed goes home; a code screen also shows a lost coordinator.
                if case .code = k.screen, k.pending == nil, let since = k.screenSince, now.timeIntervalSince(since) >= k.settings.returnAfter {
                    k.goHome(now)
                    break
                }
                let stuck = k.pending.map { now.timeIntervalSince($0.since) > k.settings.issueTimeout } ?? false
                let offline = k.offlineSince.map { now.timeIntervalSince($0) >= Self.offlineGrace } ?? false
                if stuck || offline { k.show(.outOfService(Words.coordinatorGone), now) }
            case .outOfService:
                k.leaveOutOfServiceIfFixed(now)
            }
            if k.screen == before { effects.removeAll { $0 == .redraw } }
        }
        return (k, effects)
    }

    mutating func show(_ s: Screen, _ now: Date) {
        screen = s
        screenSince = now
    }

    mutating func goHome(_ now: Date) {
        show(.home, now)
        message = nil
        if settings.printerPolicy == .outOfService, let problem = printerProblem { show(.outOfService(problem), now) }
        if !online, hall != nil { show(.outOfService(Words.coordinatorGone), now) }
    }

    mutating func leaveOutOfServiceIfFixed(_ now: Date) {
        guard case .outOfService = screen, online, pending == nil else { return }
        if settings.printerPolicy == .outOfService, printerProblem != nil { return }
        show(.home, now)
    }

    /// The request in flight, sent again with the same id after a reconnect.
    mutating func resend(_ now: Date) -> [Effect] {
        guard var p = pending else { return [] }
        p.sentAt = now
        pending = p
        return [send(p)]
    }

    /// The effect that sends `p`: an issue, or a check-in.
    func send(_ p: Pending) -> Effect {
        if let code = p.code { return .checkIn(requestId: p.requestId, code: code, deadline: deadline(of: p)) }
        return .issue(requestId: p.requestId, service: p.service, priority: p.priority, deadline: deadline(of: p))
    }

    /// Why a service cannot take a ticket now, if it cannot: closed hall, no staffed counter, or a
    /// queue that would not be reached before the hall closes.
    public func closedReason(_ service: String, now: Date) -> ClosedReason? {
        guard let hall else { return nil }
        let local = hall.localTime(hallNow(now))
        guard hall.config.hall.hours.isOpen(local) else { return .hallClosed }
        guard let estimate = hall.estimatedWait(service, at: hallNow(now)) else { return .noCounter }
        let left = Double(hall.config.hall.hours.minutesUntilClose(local)) * 60
        return estimate + hall.typicalServiceTime(service) > left ? .full : nil
    }
}

/// The printed (and shown) ticket: everything a citizen needs, fixed at issue time.
public struct Slip: Equatable, Sendable {
    public var ticket: Ticket
    public var hallName: String
    public var serviceVi: String
    public var serviceEn: String
    public var ahead: Int
    public var estimate: TimeInterval?
    public var timeZone: String
    public var requestId: String
    /// The ticket's page for the citizen's phone, nil when the coordinator serves none.
    public var page: String?
    /// For a citizen who checked in with an appointment's code: what the ticket says about it.
    public var appointment: AppointmentNote?

    public init(ticket: Ticket, hallName: String, serviceVi: String, serviceEn: String, ahead: Int,
                estimate: TimeInterval?, timeZone: String, requestId: String) {
        self.ticket = ticket
        self.hallName = hallName
        self.serviceVi = serviceVi
        self.serviceEn = serviceEn
        self.ahead = ahead
        self.estimate = estimate
        self.timeZone = timeZone
        self.requestId = requestId
    }

    /// A slip for `ticket` with the names and time zone of `hall`.
    public init(ticket: Ticket, hall: HallState?, ahead: Int, estimate: TimeInterval?, requestId: String) {
        let service = hall?.config.service(ticket.service)
        self.init(ticket: ticket, hallName: hall?.config.hall.name ?? "", serviceVi: service?.nameVi ?? ticket.service,
                  serviceEn: service?.nameEn ?? ticket.service, ahead: ahead, estimate: estimate,
                  timeZone: hall?.config.hall.timeZone ?? "Asia/Ho_Chi_Minh", requestId: requestId)
    }

    /// What the QR code carries: the ticket's page for the citizen's phone, else (a coordinator
    /// with no web pages) the ticket's identity for a clerk's scanner.
    public var qrText: String { page ?? "HALLQUEUE:1;\(ticket.day);\(ticket.label);\(ticket.id)" }
}

/// What a checked-in citizen is told about the appointment, fixed at issue time.
public enum AppointmentNote: Equatable, Sendable {
    /// Checked in before the slot (minute of day): called from then.
    case early(Int)
    /// Checked in during the quarter after the slot started: called at the next free counter.
    case due(Int)
    /// More than a quarter late: the ticket is a walk-in's.
    case late(Int)

    public init(_ appointment: Appointment, ticket: Ticket) {
        guard let slot = ticket.appointmentAt else { self = .late(appointment.minute); return }
        self = ticket.issuedAt < slot ? .early(appointment.minute) : .due(appointment.minute)
    }

    public var isLate: Bool { if case .late = self { return true } else { return false } }
}

/// Fixed sentences, Vietnamese · English.
public enum Words {
    /// A check-in pressed before six digits were typed.
    public static let codeIncomplete = "Mã lịch hẹn gồm 6 chữ số · The appointment code has 6 digits"
    /// What a citizen is told when a check-in is refused, by the refusal's code; nil: the
    /// coordinator's own sentence.
    public static func refused(_ code: ErrorCode) -> String? {
        switch code {
        case .unknownAppointment: return "Không có lịch hẹn hôm nay với mã này; xin kiểm tra lại mã · No appointment today has this code; please check it"
        case .appointmentUsed: return "Mã này đã được dùng để lấy số · This code has been used already"
        case .appointmentCancelled: return "Lịch hẹn này đã bị hủy; xin lấy số như thường · This appointment was cancelled; please take a number as usual"
        case .hallClosed: return "Ngoài giờ làm việc; xin mời quay lại khi mở cửa · Outside opening hours; please come back when the hall opens"
        case .numbersExhausted: return "Dịch vụ này đã hết số hôm nay; xin hỏi cán bộ · This service has no numbers left today; please ask the staff"
        default: return nil
        }
    }

    public static let coordinatorGone = "Mất kết nối với hệ thống · Cannot reach the queue system"
    /// The coordinator refused a tap that reached it too late (`expired`): no ticket was issued.
    public static let tapExpired = "Hệ thống phản hồi chậm, chưa cấp số. Vui lòng chạm lại · The system was too slow; no number was issued. Please tap again"
    public static func printFailed(_ problem: String) -> String {
        "\(problem). Vui lòng ghi nhớ số thứ tự trên màn hình · Please remember the number on the screen."
    }
}
