import Drawing
import Foundation
import KioskModel
import Print
import QueueCore
import Render

/// Turns a slip into printer bytes (rasterised with the kiosk's fonts) and sends them.
struct TicketPrinter {
    let printer: Printer
    let fonts: Fonts
    let paper: Int

    /// The ticket's picture, black on white, as wide as the paper's dots.
    func picture(_ slip: Slip) throws -> OffscreenCanvas {
        let layout = TicketLayout(measurer: fonts, width: TicketLayout.dots(paperMillimetres: paper))
        let (commands, height) = layout.draw(slip, qr: QRCode.encode(slip.qrText))
        let canvas = try OffscreenCanvas(width: layout.width, height: height, fonts: fonts)
        canvas.draw(commands)
        return canvas
    }

    /// The printer bytes for a slip; `savePNG` keeps a picture of exactly the dots that print.
    func bytes(_ slip: Slip, savePNG: String? = nil) throws -> [UInt8] {
        let dots = try picture(slip).bitmap()
        if let savePNG {
            let printed = try OffscreenCanvas(width: dots.width, height: dots.height, fonts: fonts)
            printed.draw([.fill(Rect(x: 0, y: 0, w: dots.width, h: dots.height), Color(255, 255, 255))] + dots.commands(x: 0, y: 0, scale: 1))
            try printed.savePNG(savePNG)
        }
        return ESCPOS.ticket(dots)
    }

    func print(_ slip: Slip, savePNG: String? = nil) throws {
        try printer.print(try bytes(slip, savePNG: savePNG))
    }

    /// A ticket for `--test-print`: clearly a sample.
    static var sample: Slip {
        var ticket = Ticket(id: 0, day: LocalTime(Date(), in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!).day, service: "A", number: 0,
                            label: "A000", priority: .normal, issuedAt: Date())
        ticket.state = .waiting
        return Slip(ticket: ticket, hallName: "IN THỬ · TEST PRINT", serviceVi: "Vé mẫu – không có giá trị", serviceEn: "Sample ticket – not valid",
                    ahead: 0, estimate: 0, timeZone: "Asia/Ho_Chi_Minh", requestId: "test-print")
    }
}
