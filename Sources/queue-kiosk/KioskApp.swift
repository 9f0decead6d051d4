import AppLog
import DeviceKeys
import DeviceOptions
import Foundation
import KioskModel
import NIOConcurrencyHelpers
import Print
import QueueClient
import QueueCore
import QueueWire
import Render

/// What the kiosk's other threads (network, printer, standard input) may touch: they post inputs
/// and scripted events here and wake the SDL loop; the app itself stays on the main thread.
struct Mailbox: Sendable {
    let waker: Waker
    private let inputs = NIOLockedValueBox<[Kiosk.Input]>([])
    /// Taps and keys from standard input, handled like SDL's on the main thread.
    private let scripted = NIOLockedValueBox<[InputEvent]>([])

    init(waker: Waker) { self.waker = waker }

    func post(_ input: Kiosk.Input) {
        inputs.withLockedValue { $0.append(input) }
        waker.wake()
    }

    func script(_ event: InputEvent) {
        scripted.withLockedValue { $0.append(event) }
        waker.wake()
    }

    func takeInputs() -> [Kiosk.Input] { inputs.withLockedValue { i in defer { i = [] }; return i } }
    func takeScripted() -> [InputEvent] { scripted.withLockedValue { e in defer { e = [] }; return e } }
}

/// The running kiosk: SDL on the main thread; the network, the printer and standard input post
/// into its mailbox and wake the loop. Effects of the model are carried out here.
final class KioskApp {
    var kiosk: Kiosk
    let fonts: Fonts
    let tickets: TicketPrinter
    let screen: Screen
    let mirror: HallMirror
    let mailbox: Mailbox
    /// What the coordinator's device panel hears of this kiosk: printer, last ticket printed, screen.
    let reporter = StateReporter()
    let traceFrames: Bool
    var picture: KioskLayout.Picture?
    /// How often the printer's status is read while idle.
    static let statusEvery: TimeInterval = 15
    /// Printing and status reads take turns: a USB printer (usblp) can be opened once at a time.
    static let printerQueue = DispatchQueue(label: "printer")

    init(kiosk: Kiosk, fonts: Fonts, tickets: TicketPrinter, width: Int, height: Int, windowed: Bool, traceFrames: Bool,
         acceptStdin: Bool, key: KeyFile, locate: @escaping @Sendable () async throws -> CoordinatorAddress) throws {
        self.kiosk = kiosk
        self.fonts = fonts
        self.tickets = tickets
        self.traceFrames = traceFrames
        screen = try Screen(title: "queue-kiosk", windowed: windowed, width: width, height: height, fonts: fonts)
        screen.inputPollInterval = 0.01 // a tap must show its ticket fast
        let mailbox = Mailbox(waker: screen.waker)
        self.mailbox = mailbox
        let reporter = reporter
        mirror = HallMirror(key: key, locate: locate, log: { log($0, problem: $1) }) { update in
            let input: Kiosk.Input
            switch update {
            case .snapshot(let state, let now): input = .snapshot(state, hallNow: now)
            case .event(let event, let state): input = .event(event, state)
            case .connection(let up, _):
                if up { reporter.reconnected() }
                input = .connection(up)
            case .slow:
                return
            }
            mailbox.post(input)
        }
        if acceptStdin { Self.readStandardInput(into: mailbox) }
        Self.watchPrinter(tickets.printer, mailbox, reporter)
    }

    func post(_ input: Kiosk.Input) { mailbox.post(input) }

    func run() throws {
        screen.quitOnSignals()
        let mirror = mirror
        let network = Task.detached { await mirror.run() }
        defer { network.cancel() }
        let reporter = reporter
        let reporting = Task.detached { await reporter.run(on: mirror) }
        defer { reporting.cancel() }
        var dirty = true
        // Taps and keys, turned into inputs one by one as they are applied: what a key means
        // depends on the screen the keys before it led to (a code typed after "A").
        var taps: [InputEvent] = []
        var watchdog = LoopWatchdog()
        while true {
            let now = Date()
            func apply(_ input: Kiosk.Input) {
                let (next, effects) = kiosk.update(input, now: now)
                kiosk = next
                for effect in effects { dirty = carryOut(effect) || dirty }
            }
            for input in mailbox.takeInputs() { apply(input) }
            for (i, tap) in taps.enumerated() {
                // A tap after one that changed the screen hits the new screen's buttons.
                if i > 0, dirty { picture = KioskLayout(measurer: fonts, width: screen.width, height: screen.height).draw(kiosk, now: now, qr: QRCode.encode) }
                if let input = self.input(for: tap) { apply(input) }
            }
            apply(.tick)
            taps = []
            if dirty {
                let p = KioskLayout(measurer: fonts, width: screen.width, height: screen.height).draw(kiosk, now: now, qr: QRCode.encode)
                screen.present(p.commands)
                picture = p
                dirty = false
                watchdog.drew(status: "drawing the kiosk at \(screen.width)×\(screen.height)")
                if traceFrames {
                    printNow("frame \(Date().milliseconds) \(Self.describe(kiosk.screen)) \(kiosk.online && kiosk.hall != nil ? "online" : "offline")")
                }
            }
            watchdog.loopPassed()
            reporter.update { $0.screenAt = now }
            let script = mailbox.takeScripted()
            let event = script.isEmpty ? screen.waitEvent(timeout: 1) : nil
            taps += script
            switch event {
            case .quit?: return
            case .resized?:
                screen.refreshSize()
                dirty = true
            case .key("Escape")?: return
            case let tapOrKey?: taps.append(tapOrKey)
            default: break
            }
        }
    }

    /// What a tap or a key means on the screen shown now.
    func input(for event: InputEvent) -> Kiosk.Input? {
        switch event {
        case .tap(let x, let y): return tapInput(x, y)
        case .key(let k): return keyInput(k)
        default: return nil
        }
    }

    /// Carries out an effect; true when the screen must be redrawn.
    func carryOut(_ effect: Kiosk.Effect) -> Bool {
        switch effect {
        case .redraw:
            return true
        case .issue(let requestId, let service, let priority, let deadline):
            send(.command(.issue(service: service, priority: priority)), requestId: requestId, deadline: deadline)
            return false
        case .checkIn(let requestId, let code, let deadline):
            send(.checkIn(code: code), requestId: requestId, deadline: deadline)
            return false
        case .print(let slip):
            // Rasterise here (fonts belong to this thread), send on another thread.
            let bytes: [UInt8]
            do { bytes = try tickets.bytes(slip) } catch {
                post(.printed(requestId: slip.requestId, problem: PrinterProblem.failed("\(error)").description))
                return false
            }
            let printer = tickets.printer, mailbox = mailbox, reporter = reporter
            Self.printerQueue.async {
                do {
                    try printer.print(bytes)
                    reporter.update { $0.lastPrintedAt = Date() }
                    mailbox.post(.printed(requestId: slip.requestId, problem: nil))
                } catch {
                    let problem = error as? PrinterProblem ?? .failed("\(error)")
                    reporter.update { $0.printer(PrinterReading(problem: problem)) }
                    log("ticket \(slip.ticket.label) not printed: \(error)")
                    mailbox.post(.printed(requestId: slip.requestId, problem: "\(error)"))
                }
            }
            return false
        }
    }

    /// Sends an issue or a check-in in the background; its ticket or refusal comes back as an input.
    func send(_ request: Request, requestId: String, deadline: Date) {
        let mirror = mirror, mailbox = mailbox
        Task.detached {
            let input: Kiosk.Input
            do {
                let reply = try await mirror.send(request, requestId: requestId, deadline: deadline)
                if case .issued(let issued) = reply {
                    input = .issued(requestId: requestId, ticket: issued.ticket, ahead: issued.ahead, estimate: issued.estimate, page: issued.page,
                                    appointment: issued.appointment)
                } else {
                    input = .issueFailed(requestId: requestId, code: .noTicket, message: "The coordinator answered without a ticket.")
                }
            } catch let error as QueueError {
                input = .issueFailed(requestId: requestId, code: error.code, message: error.message)
            } catch {
                input = .issueFailed(requestId: requestId, code: .connectionLost, message: "\(error)")
            }
            mailbox.post(input)
        }
    }

    func tapInput(_ x: Int, _ y: Int) -> Kiosk.Input? {
        switch picture?.button(at: x, y) {
        case .service(let id)?: return .tapService(id, requestId: UUID().uuidString)
        case .priority?: return .tapPriority
        case .language?: return .tapLanguage
        case .screen?: return .tapScreen
        case .appointment?: return .tapAppointment
        case .digit(let d)?: return .typeDigit(d)
        case .erase?: return .eraseDigit
        case .submit?: return .submitCode(requestId: UUID().uuidString)
        case nil: return nil
        }
    }

    /// Digits type an appointment's code (on home they open the code screen: a code scanner is a
    /// keyboard), Backspace erases, Enter checks in. A service's letter issues its ticket; P the
    /// priority button; L the language; Enter or Space goes back. With `--no-appointments`
    /// number keys choose the n-th service and 0 priority, as before appointments.
    func keyInput(_ key: String) -> Kiosk.Input? {
        let name = key.uppercased().replacingOccurrences(of: "KEYPAD ", with: "")
        let digit = Int(name).flatMap { (0...9).contains($0) ? $0 : nil }
        if case .code = kiosk.screen {
            if let digit { return .typeDigit(digit) }
            switch name {
            case "BACKSPACE": return .eraseDigit
            case "RETURN", "ENTER": return .submitCode(requestId: UUID().uuidString)
            default: return nil
            }
        }
        let services = kiosk.hall?.config.services ?? []
        if let digit {
            if kiosk.settings.appointments { return .typeDigit(digit) }
            if digit == 0 { return .tapPriority }
            return digit <= services.count ? .tapService(services[digit - 1].id, requestId: UUID().uuidString) : nil
        }
        if let service = services.first(where: { $0.id == name }) { return .tapService(service.id, requestId: UUID().uuidString) }
        switch name {
        case "P": return .tapPriority
        case "L": return .tapLanguage
        case "RETURN", "SPACE", "ENTER": return .tapScreen
        default: return nil
        }
    }

    /// "tap X Y" and "key K" lines from standard input, for tests and technicians.
    static func readStandardInput(into mailbox: Mailbox) {
        Thread.detachNewThread {
            while let line = readLine() {
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "tap", let x = Int(parts[1]), let y = Int(parts[2]) {
                    mailbox.script(.tap(x: x, y: y))
                } else if parts.count == 2, parts[0] == "key" {
                    mailbox.script(.key(String(parts[1])))
                }
            }
        }
    }

    static func watchPrinter(_ printer: Printer, _ mailbox: Mailbox, _ reporter: StateReporter) {
        printerQueue.async {
            let reading = printer.reading()
            reporter.update { $0.printer(reading) }
            mailbox.post(.printerStatus(reading.problem?.description))
            printerQueue.asyncAfter(deadline: .now() + statusEvery) { watchPrinter(printer, mailbox, reporter) }
        }
    }

    static func describe(_ s: Kiosk.Screen) -> String {
        switch s {
        case .home: return "home"
        case .ticket(let slip): return "ticket:\(slip.ticket.label)"
        case .closed(let service, _): return "closed:\(service)"
        case .outOfService: return "out-of-service"
        case .code(let typed): return "code:\(typed)"
        }
    }
}

extension DeviceState {
    /// The printer as a status read (or a failed print) found it.
    mutating func printer(_ reading: PrinterReading) {
        printerDetail = reading.problem?.description
        switch reading.problem {
        case nil: printer = reading.paperLow ? .paperLow : .ready
        case .noPaper?: printer = .noPaper
        case .coverOpen?: printer = .coverOpen
        case .offline?: printer = .offline
        case .missing?: printer = .missing
        case .failed?: printer = .failed
        }
    }
}
