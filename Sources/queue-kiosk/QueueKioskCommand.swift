import AppVersion
import AppLog
import ArgumentParser
import Logging
import DeviceOptions
import Foundation
import KioskModel
import Print
import QueueClient
import QueueCore
import QueueWire
import Render

@main
struct QueueKioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-kiosk",
        abstract: "The ticket kiosk: citizens tap a service and get a printed, numbered ticket.",
        version: AppVersion.text)

    @OptionGroup var device: DeviceOptions

    @Option(name: [.customLong("printer"), .customLong("print-to")],
            help: "The ESC/POS printer: /dev/usb/lp0, tcp://HOST:9100, or file:PATH to capture the bytes.")
    var printer: String = "/dev/usb/lp0"

    @Option(help: "Paper width in millimetres: 58 or 80.")
    var paper: Int = 80

    @Option(help: "When the printer fails: screen (show the ticket on screen only) or out-of-service.")
    var onPrinterFailure: Kiosk.PrinterPolicy = .screen

    @Option(help: "Seconds the ticket screen stays before returning home.")
    var returnAfter: Double = 12

    @Option(help: "Issue one ticket for this service as if tapped, print it, and exit.")
    var issue: String?

    @Option(help: "Check in with this appointment code as if typed, print its ticket, and exit.")
    var checkIn: String?

    @Flag(help: "With --issue: a priority ticket.")
    var priority = false

    @Flag(help: "Print a sample ticket without issuing one, and exit.")
    var testPrint = false

    @Option(help: "Also save the printed ticket's picture as a PNG (with --issue or --test-print).")
    var ticketPng: String?

    @Option(help: "Draw one screen to this PNG file and exit (no display needed).")
    var renderPng: String?

    @Option(help: "With --render-png: home, ticket, closed, out-of-service, expired (home after a tap the coordinator answered too late), code (typing an appointment's code) or appointment (a booked citizen's ticket).")
    var screen: String = "home"

    @Flag(help: "No \"I have an appointment\" button, for a hall that books none.")
    var noAppointments = false

    @Option(help: "Screen language: vi or en.")
    var lang: String = "vi"

    @Option(help: "Picture or window size, WIDTHxHEIGHT.")
    var size: String = "1920x1080"

    @Flag(help: "A normal window instead of fullscreen.")
    var windowed = false

    @Flag(help: "Print a line per drawn frame for benchmarks.")
    var traceFrames = false

    @Flag(help: "Also take input lines from standard input: `tap X Y`, `key K` (test automation).")
    var acceptStdin = false

    @Option(help: "A folder with NotoSans-Regular.ttf and NotoSans-Bold.ttf, instead of the system's fonts.")
    var fontDir: String?

    func validate() throws {
        guard paper == 58 || paper == 80 else { throw ValidationError("--paper must be 58 or 80.") }
        guard parsedSize != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 1920x1080.") }
        guard Self.screens.contains(screen) else { throw ValidationError("--screen must be \(Self.screens.joined(separator: ", ")).") }
        guard lang == "vi" || lang == "en" else { throw ValidationError("--lang must be vi or en.") }
        _ = try printerAddress()
    }

    static let screens = ["home", "ticket", "closed", "out-of-service", "expired", "code", "appointment"]

    var parsedSize: (Int, Int)? {
        let p = size.lowercased().split(separator: "x").compactMap { Int($0) }
        return p.count == 2 && p[0] >= 100 && p[1] >= 100 && p[0] <= 8192 && p[1] <= 8192 ? (p[0], p[1]) : nil
    }

    func printerAddress() throws -> PrinterAddress {
        do { return try PrinterAddress(parsing: printer) } catch { throw ValidationError("\(error)") }
    }

    var settings: Kiosk.Settings {
        var settings = Kiosk.Settings(returnAfter: returnAfter, printerPolicy: onPrinterFailure)
        settings.appointments = !noAppointments
        return settings
    }

    func run() throws {
        AppLog.bootstrap()
        let fonts = try Fonts(directory: fontDir)
        let tickets = TicketPrinter(printer: Printer(try printerAddress()), fonts: fonts, paper: paper)
        if testPrint {
            try tickets.print(TicketPrinter.sample, savePNG: ticketPng)
            print("Printed a sample ticket to \(printer).")
            return
        }
        let connection = device.settings
        if let issue {
            try OneTicket(connection: connection, tickets: tickets)
                .run(.command(.issue(service: issue.uppercased(), priority: priority ? .priority : .normal)), savePNG: ticketPng)
            return
        }
        if let checkIn {
            try OneTicket(connection: connection, tickets: tickets).run(.checkIn(code: checkIn), savePNG: ticketPng)
            return
        }
        let (width, height) = parsedSize!
        var kiosk = Kiosk(settings: settings)
        kiosk.language = lang == "en" ? .en : .vi
        if let renderPng {
            try KioskPicture(fonts: fonts, width: width, height: height).render(kiosk, screen: screen, to: renderPng, connection: connection)
            return
        }
        let key = try connection.key()
        try KioskApp(kiosk: kiosk, fonts: fonts, tickets: tickets, width: width, height: height, windowed: windowed,
                     traceFrames: traceFrames, acceptStdin: acceptStdin, key: key, locate: connection.locate).run()
    }
}

extension Kiosk.PrinterPolicy: ExpressibleByArgument {}

/// A line for the journal: a problem (the coordinator lost, no audio, a ticket not printed) as a
/// warning, anything else (the coordinator back) as a notice.
func log(_ message: String, problem: Bool = true) {
    logger.log(level: problem ? .warning : .notice, "\(message)")
}

/// Made on first use, after `AppLog.bootstrap` in `run`.
let logger = Logger(label: "queue-kiosk")
