import Drawing
import Foundation
import QueueCore

/// What a tap can hit on the kiosk screen.
public enum KioskButton: Equatable, Sendable {
    case service(String)
    case priority
    case language
    /// The whole ticket or closed screen, or Back on the code screen: back to home.
    case screen
    /// Home: "I have an appointment".
    case appointment
    /// The code screen's keypad.
    case digit(Int)
    case erase
    case submit
}

/// The kiosk's screens as drawing commands plus the buttons' areas, for any size from 800×480 to
/// 1920×1080, portrait or landscape.
public struct KioskLayout {
    public let fitter: TextFitter
    public let width: Int
    public let height: Int

    public init(measurer: TextMeasurer, width: Int, height: Int) {
        self.fitter = TextFitter(measurer)
        self.width = width
        self.height = height
    }

    public struct Picture {
        public var commands: [DrawCommand]
        public var buttons: [(KioskButton, Rect)]

        /// The button under a tap, if any.
        public func button(at x: Int, _ y: Int) -> KioskButton? {
            buttons.last { $0.1.contains(x, y) }?.0
        }
    }

    // High contrast: white on deep blue buttons, yellow accents, on black.
    static let background = Color(0, 0, 0), panel = Color(0, 56, 130), panelDim = Color(45, 45, 45)
    static let text = Color(255, 255, 255), muted = Color(210, 210, 210), accent = Color(255, 212, 0)
    static let warning = Color(255, 107, 107), priorityOn = Color(150, 40, 0)

    var portrait: Bool { height > width }
    var pad: Int { max(6, min(width, height) / 60) }

    /// `qr` encodes a text as a QR code (the kiosk passes libqrencode's; nil: none drawn).
    public func draw(_ kiosk: Kiosk, now: Date, qr: (String) -> Bitmap? = { _ in nil }) -> Picture {
        let words = Text(language: kiosk.language)
        var p = Picture(commands: [.fill(Rect(x: 0, y: 0, w: width, h: height), Self.background)], buttons: [])
        let (top, body) = Rect(x: 0, y: 0, w: width, h: height).top(height * (portrait ? 9 : 13) / 100)
        header(kiosk, top, words, &p, now: now)
        switch kiosk.screen {
        case .home: home(kiosk, body, words, &p, now: now)
        case .ticket(let slip): ticket(kiosk, slip, body, words, &p, qr: slip.page.flatMap(qr))
        case .closed(let service, let reason): closed(kiosk, service, reason, body, words, &p, now: now)
        case .outOfService(let why): outOfService(why, body, &p)
        case .code(let typed): code(kiosk, typed, body, words, &p)
        }
        return p
    }

    func header(_ kiosk: Kiosk, _ r: Rect, _ words: Text, _ p: inout Picture, now: Date) {
        p.commands.append(.fill(r, Color(26, 26, 26)))
        let (left, right) = r.left(r.w * 72 / 100)
        let hall = kiosk.hall?.config.hall
        p.commands += fitter.fit((kiosk.language == .en ? hall?.nameEn : nil) ?? hall?.name ?? "", in: left.inset(pad), maxSize: r.h * 45 / 100, minSize: max(10, r.h / 4), bold: true, color: Self.text)
        if case .outOfService = kiosk.screen { return } // already in both languages
        let button = right.inset(pad)
        p.commands.append(.fill(button, Self.panel))
        p.commands += fitter.fit(words.otherLanguage, in: button.inset(pad), maxSize: button.h * 55 / 100, bold: true, color: Self.text, align: .center)
        p.buttons.append((.language, button))
    }

    func home(_ kiosk: Kiosk, _ body: Rect, _ words: Text, _ p: inout Picture, now: Date) {
        guard let hall = kiosk.hall else {
            p.commands += fitter.fit("Đang kết nối… · Connecting…", in: body.inset(body.h / 5), maxSize: body.h / 8, color: Self.muted, align: .center)
            return
        }
        let (title, rest) = body.top(body.h * 11 / 100)
        let (grid, bottom) = rest.top(rest.h * 80 / 100)
        p.commands += fitter.fit(kiosk.message ?? words.chooseService, in: title.inset(pad), maxSize: title.h * 6 / 10,
                                 bold: kiosk.message != nil, color: kiosk.message != nil ? Self.warning : Self.muted, align: .center)
        let services = hall.config.services
        let columns = portrait ? 2 : (services.count > 6 ? 4 : 3)
        let rows = max(1, (services.count + columns - 1) / columns)
        let cellW = grid.w / columns, cellH = grid.h / rows
        struct Tile { var id: String, cell: Rect, closed: Bool, letter: Rect, name: Rect, label: String, info: Rect, detail: String }
        let tiles: [Tile] = services.enumerated().map { i, s in
            let cell = Rect(x: grid.x + (i % columns) * cellW, y: grid.y + (i / columns) * cellH, w: cellW, h: cellH).inset(pad / 2 + 2)
            let closed = kiosk.closedReason(s.id, now: now)
            let inner = cell.inset(pad)
            let (top, info) = inner.top(inner.h * 68 / 100)
            let (letter, name) = top.left(min(top.h, top.w / 4))
            let detail = closed.map { words.tile($0, hours: hall.config.hall.hours, at: hall.localTime(kiosk.hallNow(now))) } ?? "\(words.waiting(hall.waitingCount(service: s.id))) · \(words.estimate(hall.estimatedWait(s.id, at: kiosk.hallNow(now))))"
            return Tile(id: s.id, cell: cell, closed: closed != nil, letter: letter, name: name.inset(pad / 2),
                        label: kiosk.language == .vi ? s.nameVi : s.nameEn, info: info, detail: detail)
        }
        // One size for every tile's name, and one for every detail line: the smallest that fits
        // each, so the sizes do not jump from tile to tile.
        let nameSize = tiles.map { fitter.largestWrappedSize($0.label, in: $0.name, maxSize: $0.name.h * 42 / 100, minSize: max(10, $0.name.h / 5), bold: true) }.min() ?? 12
        let detailSize = tiles.map { fitter.largestWrappedSize($0.detail, in: $0.info, maxSize: $0.info.h * 7 / 10, minSize: 12) }.min() ?? 12
        for t in tiles {
            p.commands.append(.fill(t.cell, !t.closed ? (kiosk.priority ? Self.priorityOn : Self.panel) : Self.panelDim))
            p.commands += fitter.fit(t.id, in: t.letter, maxSize: t.letter.h, bold: true, color: Self.accent)
            // No keyboard hints on a touchscreen: a service's letter still works for a technician.
            p.commands += fitter.fit(t.label, in: t.name, maxSize: nameSize, minSize: nameSize, bold: true, color: Self.text)
            p.commands += fitter.fit(t.detail, in: t.info, maxSize: detailSize, minSize: detailSize, color: Self.muted)
            p.buttons.append((.service(t.id), t.cell))
        }
        var button = bottom.inset(pad)
        if kiosk.settings.appointments {
            let booked: Rect
            (button, booked) = button.left(button.w * 62 / 100)
            button.w -= pad
            p.commands.append(.fill(booked, Self.panel))
            p.commands += fitter.fit(words.haveAppointment, in: booked.inset(pad), maxSize: booked.h * 45 / 100,
                                     minSize: Self.twoLineSize(words.haveAppointment, booked.inset(pad)), bold: true, color: Self.text, align: .center)
            p.buttons.append((.appointment, booked))
        }
        p.commands.append(.fill(button, kiosk.priority ? Self.priorityOn : Color(70, 70, 70)))
        let priority = kiosk.priority ? words.priorityOn : words.priorityOff
        p.commands += fitter.fit(priority, in: button.inset(pad), maxSize: button.h * 45 / 100,
                                 minSize: Self.twoLineSize(priority, button.inset(pad)), bold: true, color: Self.text, align: .center)
        p.buttons.append((.priority, button))
    }

    /// The ticket screen; with `qr` (the ticket's phone page), the code beside the details
    /// (below them in portrait) on a white square, to scan from the screen, printer or not.
    func ticket(_ kiosk: Kiosk, _ slip: Slip, _ body: Rect, _ words: Text, _ p: inout Picture, qr: Bitmap? = nil) {
        let r = body.inset(pad * 2)
        let (caption, rest1) = r.top(r.h * 12 / 100)
        let (number, rest2) = rest1.top(rest1.h * (qr != nil && portrait ? 30 : 45) / 100)
        var (service, rest3) = rest2.top(rest2.h * 22 / 100)
        var (details, footer) = rest3.top(rest3.h * 70 / 100)
        if let qr {
            let area: Rect
            if portrait {
                (details, area) = details.top(details.h * 40 / 100)
            } else {
                // A column on the right, from the service's name down to the footer.
                area = Rect(x: r.x + r.w * 68 / 100, y: service.y, w: r.w * 32 / 100, h: details.y + details.h - service.y)
                service.w = r.w * 68 / 100
                details.w = r.w * 68 / 100
            }
            qrCode(qr, in: area, words, &p)
        }
        p.commands += fitter.fit(words.yourNumber, in: caption, maxSize: caption.h * 7 / 10, color: Self.muted, align: .center)
        p.commands += fitter.fit(slip.ticket.label, in: number, maxSize: number.h, bold: true, color: Self.accent, align: .center)
        p.commands += fitter.fit(kiosk.language == .vi ? slip.serviceVi : slip.serviceEn, in: service, maxSize: service.h * 7 / 10, bold: true, color: Self.text, align: .center)
        let zone = TimeZone(identifier: slip.timeZone) ?? .current
        // The counters the estimate counts.
        let serving = kiosk.hall?.staffed(slip.ticket.service) ?? []
        let issued = Self.dateTime(slip.ticket.issuedAt, zone) + (slip.ticket.priority.isPriority ? " · " + words.t("Ưu tiên", "Priority") : "")
        // A booked citizen waits for the slot, not behind the count: the appointment replaces the estimate.
        let lines: [String]
        switch slip.appointment {
        case nil: lines = [issued, words.ahead(slip.ahead), words.expected(slip.estimate), words.counters(serving)]
        case .late?: lines = [issued, words.appointment(slip.appointment!), words.ahead(slip.ahead), words.expected(slip.estimate), words.counters(serving)]
        case let note?: lines = [issued, words.appointment(note), words.counters(serving)]
        }
        let lineH = details.h / lines.count
        for (i, line) in lines.enumerated() {
            p.commands += fitter.fit(line, in: Rect(x: details.x, y: details.y + i * lineH, w: details.w, h: lineH), maxSize: lineH * 6 / 10, color: Self.text, align: .center)
        }
        p.commands += fitter.fit(kiosk.message ?? "\(words.takeTicket) · \(words.tapToReturn)", in: footer, maxSize: footer.h * 4 / 10, minSize: max(10, footer.h / 6),
                                 bold: kiosk.message != nil, color: kiosk.message != nil ? Self.warning : Self.muted, align: .center)
        p.buttons.append((.screen, body))
    }

    /// The smallest size a long button text may take on one line before it wraps: about the
    /// size at which it fills two lines of `box` (a character is about 0.6 of the size wide), at
    /// most 30 % of the box's height, at least 12.
    static func twoLineSize(_ text: String, _ box: Rect) -> Int {
        max(12, min(box.h * 3 / 10, box.w * 2 * 10 / max(1, text.count * 6)))
    }

    /// The code screen: what to do (or why the last code was refused), the digits typed in six
    /// boxes, a 3×4 keypad (1–9, Erase, 0, Check in) and Back. A code scanner types like a keyboard.
    func code(_ kiosk: Kiosk, _ typed: String, _ body: Rect, _ words: Text, _ p: inout Picture) {
        let r = body.inset(pad * 2)
        let (title, rest) = r.top(r.h * 14 / 100)
        let (boxes, rest2) = rest.top(rest.h * 20 / 100)
        let (keys, back) = rest2.top(rest2.h * 82 / 100)
        p.commands += fitter.fit(kiosk.message ?? words.enterCode, in: title.inset(pad), maxSize: title.h * 55 / 100, minSize: max(10, title.h / 5),
                                 bold: kiosk.message != nil, color: kiosk.message != nil ? Self.warning : Self.text, align: .center)
        let digits = Array(typed)
        let side = min(boxes.h - 2 * pad, (boxes.w - 2 * pad) / Appointments.codeLength - pad)
        let left = boxes.x + (boxes.w - Appointments.codeLength * (side + pad) + pad) / 2
        for i in 0..<Appointments.codeLength {
            let box = Rect(x: left + i * (side + pad), y: boxes.y + (boxes.h - side) / 2, w: side, h: side)
            p.commands.append(.fill(box, i == digits.count ? Self.accent : Color(70, 70, 70)))
            p.commands.append(.fill(box.inset(max(2, side / 20)), Color(26, 26, 26)))
            if i < digits.count {
                p.commands += fitter.fit(String(digits[i]), in: box, maxSize: side * 7 / 10, bold: true, color: Self.accent, align: .center)
            }
        }
        // The keypad: no wider than tall keys need, centred.
        let keyW = min(keys.w / 3, keys.h * 2 / 4), keysLeft = keys.x + (keys.w - keyW * 3) / 2
        let keyH = keys.h / 4
        let labels: [(String, KioskButton)] = (1...9).map { ("\($0)", .digit($0)) } + [(words.erase, .erase), ("0", .digit(0)), (words.checkIn, .submit)]
        for (i, (label, button)) in labels.enumerated() {
            let cell = Rect(x: keysLeft + (i % 3) * keyW, y: keys.y + (i / 3) * keyH, w: keyW, h: keyH).inset(pad / 2 + 2)
            let ready = button == .submit && digits.count == Appointments.codeLength
            p.commands.append(.fill(cell, button == .submit ? (ready ? Color(0, 110, 50) : Self.panelDim) : Self.panel))
            p.commands += fitter.fit(label, in: cell.inset(pad), maxSize: cell.h * (label.count == 1 ? 60 : 32) / 100, minSize: max(10, cell.h / 6),
                                     bold: true, color: Self.text, align: .center)
            p.buttons.append((button, cell))
        }
        let backButton = Rect(x: keysLeft, y: back.y, w: keyW * 3, h: back.h).inset(pad / 2 + 2)
        p.commands.append(.fill(backButton, Color(70, 70, 70)))
        p.commands += fitter.fit(words.back, in: backButton.inset(pad / 2), maxSize: backButton.h * 50 / 100, minSize: max(10, backButton.h / 5),
                                 bold: true, color: Self.text, align: .center)
        p.buttons.append((.screen, backButton))
    }

    /// A QR code as large as fits above its caption, on white with a quiet zone of 4 modules.
    func qrCode(_ qr: Bitmap, in area: Rect, _ words: Text, _ p: inout Picture) {
        let (square, caption) = area.top(area.h * 78 / 100)
        let side = min(square.w, square.h)
        let scale = max(1, side / (qr.width + 8))
        let white = Rect(x: square.x + (square.w - (qr.width + 8) * scale) / 2, y: square.y + (square.h - (qr.width + 8) * scale) / 2,
                         w: (qr.width + 8) * scale, h: (qr.width + 8) * scale)
        p.commands.append(.fill(white, Color(255, 255, 255)))
        p.commands += qr.commands(x: white.x + 4 * scale, y: white.y + 4 * scale, scale: scale)
        p.commands += fitter.fit(words.t("Quét để theo dõi lượt trên điện thoại", "Scan to follow your turn on your phone"), in: caption,
                                 maxSize: caption.h * 40 / 100, minSize: max(12, caption.h / 4), color: Self.text, align: .center)
    }

    func closed(_ kiosk: Kiosk, _ service: String, _ reason: Kiosk.ClosedReason, _ body: Rect, _ words: Text, _ p: inout Picture, now: Date) {
        let (title, advice) = words.closed(reason, hours: kiosk.hall?.config.hall.hours, at: kiosk.hall?.localTime(kiosk.hallNow(now)))
        let name = kiosk.hall?.config.service(service).map { kiosk.language == .vi ? $0.nameVi : $0.nameEn } ?? service
        let r = body.inset(pad * 3)
        let (a, rest) = r.top(r.h * 25 / 100)
        let (b, rest2) = rest.top(rest.h * 35 / 100)
        let (c, d) = rest2.top(rest2.h * 60 / 100)
        p.commands += fitter.fit(name, in: a, maxSize: a.h * 6 / 10, bold: true, color: Self.text, align: .center)
        p.commands += fitter.fit(title, in: b, maxSize: b.h * 7 / 10, bold: true, color: Self.warning, align: .center)
        p.commands += fitter.fit(advice, in: c, maxSize: c.h * 5 / 10, color: Self.text, align: .center)
        p.commands += fitter.fit(words.tapToReturn, in: d, maxSize: d.h * 4 / 10, color: Self.muted, align: .center)
        p.buttons.append((.screen, body))
    }

    /// Always in both languages: whoever stands there must understand it.
    func outOfService(_ why: String, _ body: Rect, _ p: inout Picture) {
        let r = body.inset(pad * 3)
        let (a, rest) = r.top(r.h * 30 / 100)
        let (b, rest2) = rest.top(rest.h * 30 / 100)
        let (c, d) = rest2.top(rest2.h * 50 / 100)
        p.commands += fitter.fit("Tạm ngừng phục vụ", in: a, maxSize: a.h * 7 / 10, bold: true, color: Self.warning, align: .center)
        p.commands += fitter.fit("Temporarily out of service", in: b, maxSize: b.h * 6 / 10, bold: true, color: Self.warning, align: .center)
        p.commands += fitter.fit(why, in: c, maxSize: c.h * 4 / 10, minSize: max(10, c.h / 6), color: Self.text, align: .center)
        p.commands += fitter.fit("Vui lòng chờ trong giây lát hoặc hỏi cán bộ · Please wait a moment or ask staff", in: d, maxSize: d.h * 3 / 10,
                                 minSize: max(10, d.h / 6), color: Self.muted, align: .center)
    }

    static func dateTime(_ date: Date, _ zone: TimeZone) -> String {
        let local = LocalTime(date, in: zone)
        let p = local.day.split(separator: "-")
        return "\(p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : local.day) \(ClockText.text(local.minuteOfDay))"
    }
}
