import Drawing
import Foundation
import QueueCore

/// Draws a board as plain drawing commands, for any size and orientation. Everything scales with
/// the screen; text is fitted to its box, so a long service name shrinks or wraps, never overflows.
public struct BoardLayout {
    public let fitter: TextFitter
    public let width: Int
    public let height: Int

    public init(measurer: TextMeasurer, width: Int, height: Int) {
        self.fitter = TextFitter(measurer)
        self.width = width
        self.height = height
    }

    var portrait: Bool { height > width }

    /// The whole picture.
    public func draw(_ board: Board, now: Date, noticeOffset: Int = 0) -> [DrawCommand] {
        base(board, now: now) + overlay(board, noticeOffset: noticeOffset)
    }

    /// Everything that changes only with the hall, the clock's minute or a flash. The app keeps it
    /// as a picture and redraws only the overlay while the notice scrolls.
    public func base(_ board: Board, now: Date) -> [DrawCommand] {
        let theme = Palette(board.hall?.config.board.theme ?? BoardSettings.Theme())
        var out: [DrawCommand] = [.fill(Rect(x: 0, y: 0, w: width, h: height), theme.background)]
        guard let hall = board.hall else {
            out += fitter.fit("Đang kết nối… / Connecting…", in: Rect(x: 0, y: 0, w: width, h: height).inset(height / 10),
                              maxSize: height / 12, color: theme.muted, align: .center)
            return out
        }
        switch board.layout {
        case .hall: out += hallScreen(board, hall, theme, now: now)
        case .counter: out += counterScreen(board, hall, theme, now: now)
        }
        return out
    }

    /// The scrolling notice and the offline banner, drawn on top of the base.
    public func overlay(_ board: Board, noticeOffset: Int) -> [DrawCommand] {
        let theme = Palette(board.hall?.config.board.theme ?? BoardSettings.Theme())
        var out: [DrawCommand] = []
        if board.layout == .hall, let notice = board.hall?.config.board.notice, !notice.isEmpty {
            let band = noticeBand
            let pad = max(8, min(width, height) / 60)
            let size = Self.noticeSize(width: width, height: height)
            out.append(.fill(band, theme.panel))
            out.append(.text(TextRun(text: notice, x: band.x + pad - noticeOffset, y: band.y + (band.h - lineHeight(size)) / 2,
                                     size: size, bold: false, color: theme.text)))
        }
        return out + offlineBanner(board, theme)
    }

    var noticeBand: Rect { Rect(x: 0, y: height - height * 6 / 100, w: width, h: height * 6 / 100) }

    // MARK: - Hall

    func hallScreen(_ board: Board, _ hall: HallState, _ theme: Palette, now: Date) -> [DrawCommand] {
        let full = Rect(x: 0, y: 0, w: width, h: height)
        let pad = max(8, min(width, height) / 60)
        let notice = hall.config.board.notice
        let (header, rest) = full.top(height * (portrait ? 8 : 9) / 100)
        let body = notice.isEmpty ? rest : rest.top(rest.h - noticeBand.h).0
        var out = headerBand(header, title: hall.config.hall.name, hall: hall, board: board, theme: theme, now: now, pad: pad)

        // The newest call and the recent ones, the counters' strip, then the services.
        let callArea: Rect, recentArea: Rect, stripArea: Rect, serviceArea: Rect
        if portrait {
            let (a, r1) = body.top(body.h * 27 / 100)
            let (b, r2) = r1.top(r1.h * 38 / 100)
            let (c, d) = r2.top(r2.h * 30 / 100)
            (callArea, recentArea, stripArea, serviceArea) = (a, b, c, d)
        } else {
            let (top, bottom) = body.top(body.h * 56 / 100)
            let (a, b) = top.left(top.w * 58 / 100)
            // A small board (800×480) gives the strip more of the bottom, or its text is tiny.
            let (c, d) = bottom.top(bottom.h * (height < 600 ? 37 : 32) / 100)
            (callArea, recentArea, stripArea, serviceArea) = (a, b, c, d)
        }
        out += newestCall(board, hall, in: callArea.inset(pad), theme: theme, now: now)
        out += recentCalls(board, hall, in: recentArea.inset(pad), theme: theme)
        out += counters(hall, in: stripArea.inset(pad), theme: theme)
        out += services(hall, in: serviceArea.inset(pad), theme: theme, now: now, hallNow: board.hallNow(now))
        return out
    }

    static func countersPerRow(_ portrait: Bool) -> Int { portrait ? 4 : 8 }

    /// Every counter in one strip: the number it serves now, or paused, or closed, so a citizen
    /// sees which counters work and which do not.
    func counters(_ hall: HallState, in r: Rect, theme: Palette) -> [DrawCommand] {
        var out: [DrawCommand] = []
        let counters = hall.config.counters
        guard !counters.isEmpty else { return out }
        // Every counter: a second row when they do not fit in one, and narrower cells beyond two.
        let perRow = min(counters.count, max(Self.countersPerRow(portrait), (counters.count + 1) / 2))
        let rows = (counters.count + perRow - 1) / perRow
        let cellW = r.w / perRow, cellH = r.h / rows
        let gap = max(4, min(cellW, cellH) / 14)
        for (i, c) in counters.enumerated() {
            let cell = Rect(x: r.x + (i % perRow) * cellW, y: r.y + (i / perRow) * cellH, w: cellW, h: cellH).inset(gap / 2)
            let live = hall.counters[c.number] ?? CounterState(number: c.number)
            let ticket = live.ticket.flatMap { hall.tickets[$0] }
            out.append(.fill(cell, theme.panel))
            let inner = cell.inset(cellH < 64 ? gap / 2 : gap)
            let (name, state) = inner.top(inner.h * 38 / 100)
            out += fitter.fit("Quầy \(c.number)", in: name, maxSize: name.h, color: theme.muted, align: .center)
            let (text, colour, bold): (String, Color, Bool)
            // Both languages where they fit at a readable size, else the Vietnamese alone.
            func words(_ vi: String, _ en: String, bold: Bool) -> String {
                fitter.measurer.measure("\(vi) · \(en)", size: state.h * 6 / 10, bold: bold).w <= state.w ? "\(vi) · \(en)" : vi
            }
            switch (live.status, ticket) {
            case (.open, let t?): (text, colour, bold) = (t.label, theme.accent, true)
            case (.open, nil): (text, colour, bold) = (words("Đang mở", "Open", bold: false), theme.text, false)
            case (.paused, _): (text, colour, bold) = (words("Tạm ngừng", "Paused", bold: true), theme.warning, true)
            case (.closed, _): (text, colour, bold) = (words("Đóng", "Closed", bold: false), theme.muted, false)
            }
            out += fitter.fit(text, in: state, maxSize: state.h, minSize: max(9, state.h / 4), bold: bold, color: colour, align: .center)
        }
        return out
    }

    func headerBand(_ r: Rect, title: String, hall: HallState, board: Board, theme: Palette, now: Date, pad: Int) -> [DrawCommand] {
        var out: [DrawCommand] = [.fill(r, theme.panel)]
        // Landscape: name left, date right. Portrait: name above, date below, each the full width.
        let (left, right) = portrait ? r.top(r.h * 58 / 100) : r.left(r.w * 68 / 100)
        let h = portrait ? r.h * 58 / 100 : r.h
        out += fitter.fit(title, in: left.inset(pad / 2), maxSize: h * 60 / 100, minSize: max(10, h * 28 / 100), bold: true, color: theme.text,
                          align: portrait ? .center : .left)
        let local = hall.localTime(board.hallNow(now))
        out += fitter.fit("\(Self.weekdayVi[local.weekday - 1]), \(Self.dayText(local.day)) · \(ClockText.text(local.minuteOfDay))",
                          in: right.inset(pad / 2), maxSize: portrait ? right.h * 75 / 100 : r.h * 45 / 100, minSize: max(10, r.h / 5),
                          bold: true, color: theme.text, align: portrait ? .center : .right)
        return out
    }

    func newestCall(_ board: Board, _ hall: HallState, in r: Rect, theme: Palette, now: Date) -> [DrawCommand] {
        let flashing = board.flashOn(now)
        var out: [DrawCommand] = [.fill(r, flashing ? theme.flash : theme.panel)]
        let inner = r.inset(r.h / 20)
        let (caption, rest) = inner.top(inner.h * 16 / 100)
        // Offline, the big number is the last call the board heard of, not necessarily the latest.
        let heading = board.online ? "Mời công dân có số · Now calling" : "Lượt gọi cuối đã nhận · Last call received"
        out += fitter.fit(heading, in: caption, maxSize: caption.h * 8 / 10, color: theme.muted, align: .center)
        guard let call = board.newestCall, let counter = call.counter else {
            out += fitter.fit("Chưa có lượt gọi · No calls yet", in: rest, maxSize: rest.h / 5, color: theme.muted, align: .center)
            return out
        }
        let (number, arrowLine) = rest.top(rest.h * 62 / 100)
        out += fitter.fit(call.label, in: number, maxSize: number.h, bold: true, color: theme.accent, align: .center)
        // Where the counter is, when the hall file says.
        if let location = hall.config.counter(counter)?.location {
            let (name, place) = arrowLine.top(arrowLine.h * 66 / 100)
            out += fitter.fit("Quầy \(counter)", in: name, maxSize: name.h * 9 / 10, bold: true, color: theme.text, align: .center)
            out += fitter.fit(location, in: place, maxSize: place.h * 8 / 10, color: theme.text, align: .center)
        } else {
            out += fitter.fit("Quầy \(counter)", in: arrowLine, maxSize: arrowLine.h * 85 / 100, bold: true, color: theme.text, align: .center)
        }
        return out
    }

    func recentCalls(_ board: Board, _ hall: HallState, in r: Rect, theme: Palette) -> [DrawCommand] {
        var out: [DrawCommand] = []
        let count = hall.config.board.recentCalls
        guard count > 0 else { return out }
        let (title, list) = r.top(r.h * 13 / 100)
        out += fitter.fit("Vừa gọi · Recent calls", in: title, maxSize: title.h * 8 / 10, bold: true, color: theme.muted)
        let calls = hall.recentCalls.filter { $0.id != board.newestCall?.id }.prefix(count)
        let rowH = list.h / max(1, count)
        for (i, call) in calls.enumerated() {
            let row = Rect(x: list.x, y: list.y + i * rowH, w: list.w, h: rowH)
            if i % 2 == 0 { out.append(.fill(row, theme.panel)) }
            let (labelBox, counterBox) = row.inset(rowH / 10).left(row.w * 45 / 100)
            out += fitter.fit(call.label, in: labelBox, maxSize: rowH * 7 / 10, bold: true, color: theme.accent)
            out += fitter.fit("Quầy \(call.counter ?? 0)", in: counterBox, maxSize: rowH * 6 / 10, bold: true, color: theme.text, align: .right)
        }
        return out
    }

    /// Each service's line: waiting and the estimate. At most `Board.servicesPerPage` at once,
    /// large enough to read across the hall; more take turns, a page every `Board.pageSeconds`,
    /// with "1/2" in the corner.
    /// `now` turns the pages; `hallNow` (the hall's clock) counts who a new ticket waits behind.
    func services(_ hall: HallState, in area: Rect, theme: Palette, now: Date, hallNow: Date) -> [DrawCommand] {
        var out: [DrawCommand] = []
        let all = hall.config.services
        guard !all.isEmpty else { return out }
        let pages = Board.servicePages(all.count)
        let page = Board.servicePage(now, pages: pages)
        // Pages share the services evenly (9 make 5 and 4, not 8 and 1).
        let perPage = (all.count + pages - 1) / pages
        let services = Array(all.dropFirst(page * perPage).prefix(perPage))
        var r = area
        if pages > 1 {
            let (cells, corner) = area.top(area.h * 86 / 100)
            r = cells
            out += fitter.fit("Trang \(page + 1)/\(pages) · Page \(page + 1)/\(pages)", in: corner, maxSize: corner.h * 9 / 10, color: theme.muted, align: .right)
        }
        // At most 4 a row, the rows as even as they can be (5 make 3 + 2, not 4 + 1): wider cells.
        let rowsNeeded = (perPage + 3) / 4
        let columns = portrait ? 2 : (perPage + rowsNeeded - 1) / rowsNeeded
        let rows = (perPage + columns - 1) / columns
        let cellW = r.w / columns, cellH = r.h / max(1, rows)
        let gap = max(2, min(cellW, cellH) / 20)
        func boxes(_ i: Int) -> (cell: Rect, letter: Rect, name: Rect, info: Rect) {
            let cell = Rect(x: r.x + (i % columns) * cellW, y: r.y + (i / columns) * cellH, w: cellW, h: cellH).inset(gap / 2)
            let inner = cell.inset(gap)
            let (nameBox, infoBox) = inner.top(inner.h * 55 / 100)
            let (letter, name) = nameBox.left(min(nameBox.h, nameBox.w / 5))
            return (cell, letter, name, infoBox)
        }
        // One size for the names on the page: the largest at which every one fits whole, wrapped
        // rather than cut (up to the box's height: a wide, short cell takes a name on one line).
        let nameSize = services.indices.map { i in
            let name = boxes(i).name
            return fitter.largestWrappedSize(services[i].nameVi, in: name, maxSize: name.h * 8 / 10, minSize: 7, bold: true)
        }.min() ?? 7
        for (i, s) in services.enumerated() {
            let (cell, letter, name, infoBox) = boxes(i)
            out.append(.fill(cell, theme.panel))
            out += fitter.fit(s.id, in: letter, maxSize: letter.h, bold: true, color: theme.accent)
            out += fitter.fit(s.nameVi, in: name, maxSize: nameSize, minSize: nameSize, bold: true, color: theme.text)
            let waiting = hall.waitingCount(service: s.id)
            let wait = hall.estimatedWait(s.id, at: hallNow)
            let estimate = wait.map { ($0 / 60).rounded() == 0 ? "không phải chờ" : "~" + Self.duration($0) } ?? "chưa mở quầy"
            // People waiting with no counter open for them: in the warning colour, not muted grey.
            let stranded = wait == nil && waiting > 0
            out += fitter.fit("Đang chờ \(waiting) · \(estimate)", in: infoBox, maxSize: infoBox.h * 7 / 10, bold: stranded,
                              color: stranded ? theme.warning : theme.muted)
        }
        return out
    }

    // MARK: - Counter

    func counterScreen(_ board: Board, _ hall: HallState, _ theme: Palette, now: Date) -> [DrawCommand] {
        let full = Rect(x: 0, y: 0, w: width, h: height)
        let pad = max(8, min(width, height) / 40)
        let number = board.counter ?? 0
        let name = hall.config.counter(number)?.name ?? "Quầy \(number)"
        let live = hall.counters[number] ?? CounterState(number: number)
        let (header, body) = full.top(height * 22 / 100)
        var out: [DrawCommand] = [.fill(header, theme.panel)]
        out += fitter.fit(name, in: header.inset(pad), maxSize: header.h * 7 / 10, bold: true, color: theme.text, align: .center)
        let (main, footer) = body.top(body.h * 78 / 100)
        let ticket = live.ticket.flatMap { hall.tickets[$0] }
        switch (live.status, ticket) {
        case (.closed, _):
            out += fitter.fit("Quầy đóng · Counter closed", in: main.inset(pad), maxSize: main.h / 4, bold: true, color: theme.muted, align: .center)
        case (.paused, _):
            let (a, b) = main.inset(pad).top(main.h * 55 / 100)
            out += fitter.fit("Tạm ngừng phục vụ · Paused", in: a, maxSize: a.h / 2, bold: true, color: theme.warning, align: .center)
            out += fitter.fit(live.pauseReason ?? "", in: b, maxSize: b.h / 3, color: theme.text, align: .center)
        case (.open, let t?):
            let flashing = board.flashOn(now) && board.newestCall?.id == t.id
            if flashing { out.append(.fill(main, theme.flash)) }
            let (a, b) = main.inset(pad).top(main.h * 72 / 100)
            out += fitter.fit(t.label, in: a, maxSize: a.h, bold: true, color: theme.accent, align: .center)
            let status = t.state == .serving ? "Đang phục vụ · Serving" : "Xin mời đến quầy · Please come to the counter"
            out += fitter.fit(status, in: b, maxSize: b.h * 7 / 10, bold: true, color: theme.text, align: .center)
        case (.open, nil) where board.isAskingRating(now):
            out += ratingPrompt(main, theme)
        case (.open, nil) where board.isThanking(now):
            out += fitter.fit("Cảm ơn Ông/Bà! · Thank you!", in: main.inset(pad), maxSize: main.h / 4, bold: true, color: theme.accent, align: .center)
        case (.open, nil):
            out += fitter.fit("Quầy đang mở · Counter open", in: main.inset(pad), maxSize: main.h / 4, bold: true, color: theme.muted, align: .center)
        }
        let serviceNames = (hall.config.counter(number)?.services ?? []).compactMap { hall.config.service($0) }.map { "\($0.id) \($0.nameVi)" }
        out += fitter.fit(serviceNames.joined(separator: " · "), in: footer.inset(pad), maxSize: footer.h / 3, color: theme.muted, align: .center)
        return out
    }

    /// Where a counter board's rating buttons are, for drawing and for touches.
    public func ratingButtons() -> [(Rating, Rect)] {
        let (_, body) = Rect(x: 0, y: 0, w: width, h: height).top(height * 22 / 100)
        let (main, _) = body.top(body.h * 78 / 100)
        let (_, row) = main.inset(max(8, min(width, height) / 40)).top(main.h * 35 / 100)
        let gap = max(8, min(width, height) / 60)
        if portrait {
            let h = (row.h - 2 * gap) / 3
            return Rating.allCases.enumerated().map { i, r in (r, Rect(x: row.x, y: row.y + i * (h + gap), w: row.w, h: h)) }
        }
        let w = (row.w - 2 * gap) / 3
        return Rating.allCases.enumerated().map { i, r in (r, Rect(x: row.x + i * (w + gap), y: row.y, w: w, h: row.h)) }
    }

    /// "Ông/Bà có hài lòng?" and the three levels as big buttons.
    func ratingPrompt(_ main: Rect, _ theme: Palette) -> [DrawCommand] {
        let (question, _) = main.inset(max(8, min(width, height) / 40)).top(main.h * 30 / 100)
        var out = fitter.fit("Ông/Bà có hài lòng? · Were you satisfied?", in: question, maxSize: question.h * 6 / 10, bold: true,
                             color: theme.text, align: .center)
        let colours: [Rating: Color] = [.verySatisfied: Color(15, 106, 44), .satisfied: Color(0, 56, 130), .dissatisfied: Color(150, 30, 24)]
        let white = Color(255, 255, 255)
        for (rating, r) in ratingButtons() {
            out.append(.fill(r, colours[rating]!))
            let (vi, en) = r.inset(r.h / 10).top(r.h * 55 / 100)
            // One size for the three, so none looks more important.
            out += fitter.fit(rating.vi, in: vi, maxSize: min(vi.h * 8 / 10, r.w / 9), bold: true, color: white, align: .center)
            out += fitter.fit(rating.en, in: en, maxSize: en.h * 6 / 10, color: white, align: .center)
        }
        return out
    }

    // MARK: - Common

    /// While the coordinator is unreachable the last known hall stays on screen, and a band across
    /// the bottom (over the notice) says plainly since when it may be out of date: black on the
    /// warning colour, readable across the hall.
    /// Online over a slow link the same band says the board may be seconds behind.
    func offlineBanner(_ board: Board, _ theme: Palette) -> [DrawCommand] {
        guard !board.online || board.slow, let hall = board.hall else { return [] }
        // On the hall board it takes the notice's band; a counter board gives up its service line.
        let bandH = board.layout == .hall ? noticeBand.h : height * 16 / 100
        let band = Rect(x: 0, y: height - bandH, w: width, h: bandH)
        let since = board.offlineSince.map { " từ \(ClockText.text(hall.localTime($0).minuteOfDay))" } ?? ""
        let sinceEn = board.offlineSince.map { " since \(ClockText.text(hall.localTime($0).minuteOfDay))" } ?? ""
        let (vi, en) = board.online
            ? ("Đường truyền chậm: thông tin có thể chậm vài giây", "Slow link: may be seconds behind")
            : ("Mất kết nối\(since): thông tin có thể chưa cập nhật", "Offline\(sinceEn): may be out of date")
        let pad = max(8, min(width, height) / 60)
        let black = Color(0, 0, 0)
        guard board.layout == .counter else {
            return [.fill(band, theme.warning)]
                + fitter.fit("\(vi) · \(en)", in: band.inset(pad / 2), maxSize: band.h * 6 / 10, bold: true, color: black, align: .center)
        }
        // A counter board is narrow: one line per language.
        let (top, bottom) = band.inset(pad / 2).top(band.h / 2 - pad / 2)
        return [.fill(band, theme.warning)]
            + fitter.fit(vi, in: top, maxSize: top.h * 8 / 10, bold: true, color: black, align: .center)
            + fitter.fit(en, in: bottom, maxSize: bottom.h * 8 / 10, bold: true, color: black, align: .center)
    }

    /// The notice's type size: readable, never taller than its band.
    public static func noticeSize(width: Int, height: Int) -> Int { min(height * 6 / 100 * 6 / 10, width / 28) }

    /// "~25 phút", "~1 giờ 10 phút".
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded())
        return minutes < 60 ? "\(minutes) phút" : "\(minutes / 60) giờ" + (minutes % 60 == 0 ? "" : " \(minutes % 60) phút")
    }

    func lineHeight(_ size: Int) -> Int { fitter.measurer.measure("Ÿg", size: size, bold: false).h }

    static let weekdayVi = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

    /// "2026-11-30" → "30/11/2026", as Vietnamese write dates.
    static func dayText(_ day: String) -> String {
        let p = day.split(separator: "-")
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : day
    }
}

/// The theme's colours, parsed once.
struct Palette {
    let background, panel, text, muted, accent, flash, warning: Color

    init(_ t: BoardSettings.Theme) {
        background = Color(hex: t.background) ?? Color(0, 0, 0)
        panel = Color(hex: t.panel) ?? Color(26, 26, 26)
        text = Color(hex: t.text) ?? Color(255, 255, 255)
        muted = Color(hex: t.muted) ?? Color(208, 208, 208)
        accent = Color(hex: t.accent) ?? Color(255, 212, 0)
        flash = Color(hex: t.flash) ?? Color(0, 56, 150)
        warning = Color(hex: t.warning) ?? Color(255, 107, 107)
    }
}
