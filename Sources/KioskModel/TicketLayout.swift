import Drawing
import Foundation

/// The printed ticket, drawn in black on white for a thermal printer `width` dots wide
/// (384 for 58 mm paper, 576 for 80 mm). The QR code carries the ticket's identity.
public struct TicketLayout {
    public let fitter: TextFitter
    public let width: Int

    public init(measurer: TextMeasurer, width: Int) {
        self.fitter = TextFitter(measurer)
        self.width = width
    }

    public static func dots(paperMillimetres: Int) -> Int { paperMillimetres >= 80 ? 576 : 384 }

    /// The commands and the height the ticket needs.
    public func draw(_ slip: Slip, qr: Bitmap?) -> (commands: [DrawCommand], height: Int) {
        let black = Color(0, 0, 0), white = Color(255, 255, 255)
        let m = width / 24
        let w = width - 2 * m
        var y = m
        var out: [DrawCommand] = []
        func line(_ text: String, _ h: Int, bold: Bool = false) {
            out += fitter.fit(text, in: Rect(x: m, y: y, w: w, h: h), maxSize: h, minSize: max(8, h / 3), bold: bold, color: black, align: .center)
            y += h
        }
        line(slip.hallName, width / 10, bold: true)
        y += m / 2
        out.append(.fill(Rect(x: m, y: y, w: w, h: 2), black))
        y += m
        line("SỐ THỨ TỰ · YOUR NUMBER", width / 18)
        line(slip.ticket.label, width / 4, bold: true)
        line(slip.serviceVi, width / 13, bold: true)
        line(slip.serviceEn, width / 18)
        y += m / 2
        let zone = TimeZone(identifier: slip.timeZone) ?? .current
        line(KioskLayout.dateTime(slip.ticket.issuedAt, zone) + (slip.ticket.priority.isPriority ? " · Ưu tiên · Priority" : ""), width / 16)
        let vi = Text(language: .vi), en = Text(language: .en)
        if let note = slip.appointment {
            line(vi.appointment(note), width / 22, bold: true)
            line(en.appointment(note), width / 24)
        }
        // A booked citizen waits for the slot, not behind the count.
        if slip.appointment?.isLate ?? true {
            line("Số người chờ trước: \(slip.ahead) · Ahead: \(slip.ahead)", width / 17)
            line("Chờ dự kiến: \(vi.estimate(slip.estimate)) · Wait: \(en.estimate(slip.estimate))", width / 17)
        }
        y += m / 2
        if let qr {
            let scale = max(2, (width / 3) / qr.width)
            out += qr.commands(x: (width - qr.width * scale) / 2, y: y, scale: scale)
            y += qr.width * scale
            if slip.page != nil {
                y += m / 3
                line("Quét mã để theo dõi lượt trên điện thoại", width / 22)
                line("Scan to follow your turn on your phone", width / 24)
                y += m / 2
            }
        }
        line("Xin mời chờ đến khi số thứ tự được gọi", width / 20)
        line("Please wait until your number is called", width / 22)
        y += m
        return ([.fill(Rect(x: 0, y: 0, w: width, h: y), white)] + out, y)
    }
}
