import Foundation
import QueueCore

/// The clerk's console for one counter, as HTML. `page` is the whole page; `live` is the part
/// that server-sent events replace (status, current ticket, today's count, waiting list). The
/// action forms stay outside it so a half-typed reason or number survives an update. Pure.
enum ConsolePage {
    /// Who is looking: the names in the header, and the form tokens.
    struct Viewer: Sendable {
        var title: String
        var csrf: String
        var isManager: Bool
        /// A fresh request id for each rendered form: a double tap sends the same one twice.
        var newRequestId: @Sendable () -> String
    }

    static func page(_ m: ConsoleModel, viewer v: Viewer, message: WebMessage?) -> String {
        let header = """
        <header class="top">
        <div class="brand"><b>\(HTML.escape(m.counter.name))</b> <span class="en" lang="en">Counter \(m.counter.number)</span>
        <small>\(HTML.escape(m.hallName))</small></div>
        <nav>\(v.isManager ? "<a href=\"/manager\">Bảng điều khiển <span class=\"en\" lang=\"en\">Dashboard</span></a>" : "")
        <span class="who">\(HTML.escape(v.title))</span>
        <form method="post" action="/logout">\(HTML.hidden("csrf", v.csrf))<button class="link">Đăng xuất <span class="en" lang="en">Sign out</span></button></form></nav>
        </header>
        """
        let body = """
        \(HTML.notice(message))
        <div class="console">
        <div id="live" data-events="/events?view=counter&amp;n=\(m.counter.number)">
        \(live(m))
        </div>
        \(actions(m, v))
        </div>
        """
        return HTML.page(title: "\(m.counter.name) · Counter \(m.counter.number)", bodyClass: "console-page", header: header, body: body)
    }

    /// The live part. `data-can-*` tell the script which buttons to enable.
    static func live(_ m: ConsoleModel) -> String {
        let can = m.can
        let flags = [("next", can.next), ("call", can.callNumber), ("recall", can.recall), ("start", can.start), ("finish", can.finish),
                     ("no-show", can.noShow), ("transfer", can.transfer), ("pause", can.pause), ("resume", can.resume),
                     ("sign-out", can.signOut), ("sign-in", true)]
        let canAttributes = flags.map { "data-can-\($0.0)=\"\($0.1 ? 1 : 0)\"" }.joined(separator: " ")
        return """
        <div id="can" \(canAttributes) data-now="\(Format.milliseconds(m.now))"></div>
        \(status(m))
        \(current(m))
        \(pace(m))
        \(waiting(m))
        """
    }

    static func status(_ m: ConsoleModel) -> String {
        let (vi, en) = Texts.counterStatus(m.status.status)
        var text = "<span class=\"badge \(m.status.status.rawValue)\">\(vi) <span class=\"en\" lang=\"en\">\(en)</span></span>"
        if let clerk = m.status.clerk { text += " <span class=\"clerk\">Cán bộ <span class=\"en\" lang=\"en\">clerk</span>: <b>\(HTML.escape(clerk))</b></span>" }
        if let reason = m.status.pauseReason { text += " <span class=\"reason\">Lý do <span class=\"en\" lang=\"en\">reason</span>: \(HTML.escape(reason))</span>" }
        return "<section class=\"status\" id=\"counter-status\" data-status=\"\(m.status.status.rawValue)\">\(text)</section>"
    }

    static func current(_ m: ConsoleModel) -> String {
        guard let t = m.current else {
            return """
            <section class="current empty" id="current" data-ticket="">
            <div class="ticket-label">—</div>
            <div class="ticket-state">Chưa gọi số nào <span class="en" lang="en">No ticket at this counter</span></div>
            </section>
            """
        }
        let (vi, en) = Texts.ticketState(t.state)
        let limit = m.timerLimit.map { " data-limit=\"\(Int($0))\"" } ?? ""
        let since = m.timerSince.map { " data-since=\"\(Format.milliseconds($0))\" data-now=\"\(Format.milliseconds(m.now))\"\(limit)" } ?? ""
        let elapsed = m.timerSince.map { Format.duration(m.now.timeIntervalSince($0)) } ?? "–"
        var over = false
        if let since = m.timerSince, let limit = m.timerLimit { over = m.now.timeIntervalSince(since) > limit }
        let timerText = t.state == .serving ? "Thời gian phục vụ <span class=\"en\" lang=\"en\">serving for</span>" : "Đã gọi cách đây <span class=\"en\" lang=\"en\">called</span>"
        // Past the limit the line turns to the warning colour and says what it means (the page's
        // script does the same as the seconds run).
        let hint = t.state == .serving
            ? "Quá thời hạn xử lý \(Format.duration(m.timerLimit)) của dịch vụ <span class=\"en\" lang=\"en\">over the service's \(Format.duration(m.timerLimit)) ceiling</span>"
            : "Công dân chưa đến? Bấm Vắng mặt (V) <span class=\"en\" lang=\"en\">Not here? Mark a no-show (V)</span>"
        return """
        <section class="current \(t.state.rawValue)" id="current" data-ticket="\(HTML.escape(t.label))" data-state="\(t.state.rawValue)">
        <div class="ticket-label">\(HTML.escape(t.label))</div>
        <div class="ticket-state">\(vi) <span class="en" lang="en">\(en)</span>\(t.callCount > 1 ? " · gọi \(t.callCount) lần <span class=\"en\" lang=\"en\">called \(t.callCount)×</span>" : "")</div>
        <div class="ticket-service">\(HTML.escape(t.service)) · \(HTML.escape(m.serviceNames[t.service] ?? t.service))\(t.priority.isPriority ? " · <span class=\"prio\">\(Texts.priority(t.priority))</span>" : "")</div>
        \(t.clerk.map { $0 != m.status.clerk ? "<div class=\"ticket-clerk\">Hồ sơ của \(HTML.escape($0)) (trước khi nhận ca) <span class=\"en\" lang=\"en\">received by \(HTML.escape($0)) before the hand-over</span></div>" : "" } ?? "")
        <div class="timer-line\(over ? " over" : "")">\(timerText): <span class="timer"\(since)>\(elapsed)</span>
        <span class="timer-hint">\(hint)</span></div>
        </section>
        """
    }

    static func pace(_ m: ConsoleModel) -> String {
        guard let clerk = m.clerk else {
            return "<section class=\"pace\" id=\"pace\"><p>Đăng nhập ca để tính số hồ sơ hôm nay. <span class=\"en\" lang=\"en\">Sign a clerk in to count today's dossiers.</span></p></section>"
        }
        let percent = m.dailyTarget > 0 ? min(100, Double(m.servedToday) / m.dailyTarget * 100) : 0
        let onPace = Double(m.servedToday) >= m.expectedByNow.rounded(.down)
        return """
        <section class="pace \(onPace ? "met" : "behind")" id="pace" data-served="\(m.servedToday)">
        <div class="pace-figures"><b class="served">\(m.servedToday)</b> hồ sơ hôm nay của \(HTML.escape(clerk)) · mục tiêu \(Format.viDecimal(m.dailyTarget))/ngày
        (\(Format.viCount(m.yearTarget))/năm) · đến giờ này nên có \(Format.viDecimal(m.expectedByNow))
        <span class="en" lang="en">dossiers today: \(m.servedToday); the \(Format.enCount(m.yearTarget))-a-year pace needs \(Format.enDecimal(m.dailyTarget)) a day, \(Format.enDecimal(m.expectedByNow)) by now</span></div>
        <progress max="100" value="\(Int(percent))" aria-label="Tiến độ so với nhịp cần đạt · Pace so far">\(Int(percent))%</progress>
        </section>
        """
    }

    static func waiting(_ m: ConsoleModel) -> String {
        var items = ""
        for (i, t) in m.waiting.enumerated() {
            let waited = Format.duration(m.now.timeIntervalSince(t.issuedAt))
            items += "<li class=\"\(t.priority.isPriority ? "prio" : "")\" data-label=\"\(HTML.escape(t.label))\"><span class=\"pos\">\(i + 1)</span><b>\(HTML.escape(t.label))</b>"
            items += "<span class=\"svc\">\(HTML.escape(m.serviceNames[t.service] ?? t.service))</span>"
            if t.priority.isPriority { items += "<span class=\"tag\">\(Texts.priority(t.priority))</span>" }
            if t.transferredFrom != nil { items += "<span class=\"tag transfer\">chuyển đến <span class=\"en\" lang=\"en\">transferred</span></span>" }
            // A booked citizen: held until the slot, so the list shows when.
            if let slot = t.appointmentAt {
                items += "<span class=\"tag booked\">hẹn \(ClockText.text(LocalTime(slot, in: m.zone).minuteOfDay)) <span class=\"en\" lang=\"en\">booked</span></span>"
            }
            items += "<span class=\"waited\">\(waited)</span></li>"
        }
        let more = m.waitingTotal > m.waiting.count ? "<p class=\"more\">… và \(m.waitingTotal - m.waiting.count) số nữa <span class=\"en\" lang=\"en\">and \(m.waitingTotal - m.waiting.count) more</span></p>" : ""
        let empty = m.waitingTotal == 0 ? "<p class=\"empty\">Không có ai đang chờ. <span class=\"en\" lang=\"en\">Nobody is waiting.</span></p>" : ""
        return """
        <section class="waiting" id="waiting" data-count="\(m.waitingTotal)">
        <h2>Đang chờ <span class="en" lang="en">Waiting</span> <span class="count">\(m.waitingTotal)</span></h2>
        \(empty)<ol>\(items)</ol>\(more)
        </section>
        """
    }

    /// The big buttons. Each is its own small form posting to /counter/action, so it works
    /// without the script too; the script sends them in the background and adds shortcuts.
    static func actions(_ m: ConsoleModel, _ v: Viewer) -> String {
        let can = m.can
        func form(_ op: String, _ vi: String, _ en: String, key: String? = nil, enabled: Bool, cls: String = "", fields: String = "") -> String {
            """
            <form method="post" action="/counter/action" class="act \(cls)" data-op="\(op)"\(key.map { " data-key=\"\($0)\"" } ?? "")>
            \(HTML.hidden("csrf", v.csrf))\(HTML.hidden("rid", v.newRequestId()))\(HTML.hidden("counter", String(m.counter.number)))\(HTML.hidden("op", op))
            \(fields)<button type="submit" class="big"\(enabled ? "" : " disabled")>\(vi)<span class="en" lang="en">\(en)</span>\(key.map { "<kbd>\($0.uppercased())</kbd>" } ?? "")</button>
            </form>
            """
        }
        // No service chosen until the clerk chooses one: a transfer never goes to the first by default.
        let transferOptions = "<option value=\"\" selected disabled>— Chọn dịch vụ · Choose —</option>"
            + m.services.map { "<option value=\"\(HTML.escape($0.id))\">\(HTML.escape($0.id)) · \(HTML.escape($0.nameVi))</option>" }.joined()
        let closed = m.status.status == .closed
        let signIn = """
        <form method="post" action="/counter/action" class="act sign-in" data-op="sign-in">
        \(HTML.hidden("csrf", v.csrf))\(HTML.hidden("rid", v.newRequestId()))\(HTML.hidden("counter", String(m.counter.number)))\(HTML.hidden("op", "sign-in"))
        <label>Họ tên cán bộ <span class="en" lang="en">Clerk's name</span>
        <input name="clerk" required maxlength="80" autocomplete="name" value="\(HTML.escape(m.status.clerk ?? m.clerk ?? ""))"></label>
        <button type="submit" class="big">\(closed ? "Vào ca" : "Đổi cán bộ")<span class="en" lang="en">\(closed ? "Start shift" : "Change clerk")</span></button>
        </form>
        """
        return """
        <section class="actions" id="actions">
        <div class="main-buttons">
        \(form("next", "Gọi tiếp", "Next", key: "n", enabled: can.next, cls: "primary"))
        \(form("recall", "Gọi lại", "Recall", key: "r", enabled: can.recall))
        \(form("start", "Bắt đầu", "Start", key: "s", enabled: can.start, cls: "go"))
        \(form("finish", "Kết thúc", "Finish", key: "f", enabled: can.finish, cls: "go"))
        \(form("no-show", "Vắng mặt", "No-show", key: "v", enabled: can.noShow, cls: "warn"))
        \(form("resume", "Tiếp tục", "Resume", enabled: can.resume))
        </div>
        <div class="field-buttons">
        \(form("call", "Gọi số", "Call number", enabled: can.callNumber, fields: "<label>Số <span class=\"en\" lang=\"en\">Number</span><input name=\"ticket\" required maxlength=\"12\" placeholder=\"A012\" autocomplete=\"off\" autocapitalize=\"characters\"></label>"))
        \(form("transfer", "Chuyển", "Transfer", enabled: can.transfer, fields: "<label>Sang dịch vụ <span class=\"en\" lang=\"en\">To service</span><select name=\"to\" required>\(transferOptions)</select></label>"))
        \(form("pause", "Tạm ngừng", "Pause", enabled: can.pause, fields: "<label>Lý do <span class=\"en\" lang=\"en\">Reason</span><input name=\"reason\" required maxlength=\"120\" placeholder=\"Họp giao ban\"></label>"))
        </div>
        <details class="shift"\(closed ? " open" : "")><summary>Ca làm việc <span class="en" lang="en">Shift</span></summary>
        \(signIn)
        \(form("sign-out", "Kết thúc ca", "End shift", enabled: can.signOut))
        </details>
        <p class="keys"><label><input type="checkbox" id="shortcuts" checked> Phím tắt <span class="en" lang="en">Shortcuts</span></label>: <kbd>N</kbd> gọi tiếp · <kbd>R</kbd> gọi lại · <kbd>S</kbd> bắt đầu · <kbd>F</kbd> kết thúc · <kbd>V</kbd> vắng mặt</p>
        </section>
        """
    }
}
