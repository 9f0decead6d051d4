import Foundation
import QueueCore

/// What a citizen's phone shows about their ticket (docs/PHONE.md): the number and service, how
/// many the counters will call first (the coordinator's own order, priority included), when the
/// call is expected as a range of clock times, then the counter to go to the moment it is called,
/// then the end. A transferred ticket is followed to its new number. Nothing about any other
/// citizen beyond the count ahead. Pure: made from the live hall, rendered to HTML.
struct PhonePage {
    enum Status: Equatable {
        /// `calls` is the expected call time (nil: no counter serves the service now).
        case waiting(ahead: Int, calls: Calls?)
        /// Still waiting, but the hall is closed now (lunch, or the end of the day).
        case waitingClosed(ahead: Int)
        /// `location`: where the counter is, when the hall file says.
        case called(counter: Int, location: String?)
        case serving(counter: Int)
        case ended(Outcome)
    }

    /// When the call is expected, in minutes of the hall's day (opening time only: a lunch break
    /// does not count), or not before the day's sessions end.
    enum Calls: Equatable {
        case between(Int, Int)
        case notToday
    }

    enum Language: String { case vi, en }

    var hallName: String
    var hallNameEn: String?
    /// The visit's last ticket (after any transfer): the one a rating is kept with.
    var ticket: Int64
    var day: String
    var label: String
    /// The service's id (the visit's current service).
    var service: String
    var serviceVi: String
    var serviceEn: String
    /// The service the citizen first queued for, when a transfer sent them to another (the
    /// number stays the same): Vietnamese and English names.
    var transferredFrom: (vi: String, en: String)?
    var status: Status
    var now: Date
    var zone: TimeZone
    /// The citizen's rating of the visit, once given (the store keeps it, not the live hall).
    var rated: Rating?
    /// A booked citizen's slot, minutes after local midnight.
    var booked: Int?

    /// The page of ticket `id` in `state`, following transfers, with `today`'s rows for the ones
    /// that ended; nil when it is not a ticket of the hall's current day.
    init?(ticket id: Int64, state: HallState, today: [Int64: Ticket], now: Date) {
        guard var ticket = state.tickets[id] ?? today[id], ticket.day == state.day else { return nil }
        let first = ticket.service
        // A transfer ends the ticket and issues a new one in the other service: follow it.
        while ticket.outcome == .transferred,
              let next = state.tickets.values.first(where: { $0.transferredFrom == ticket.id }) ?? today.values.first(where: { $0.transferredFrom == ticket.id }) {
            ticket = state.tickets[next.id] ?? next
        }
        let service = state.config.service(ticket.service)
        hallName = state.config.hall.name
        hallNameEn = state.config.hall.nameEn
        self.ticket = ticket.id
        day = ticket.day
        label = ticket.label
        self.service = ticket.service
        serviceVi = service?.nameVi ?? ticket.service
        serviceEn = service?.nameEn ?? ticket.service
        let firstService = state.config.service(first)
        transferredFrom = first == ticket.service ? nil : (firstService?.nameVi ?? first, firstService?.nameEn ?? first)
        self.now = now
        zone = state.timeZone
        booked = ticket.appointmentAt.map { state.localTime($0).minuteOfDay }
        switch ticket.state {
        case .waiting:
            let ahead = state.ahead(of: ticket)
            if !state.config.hall.hours.isOpen(state.localTime(now)) {
                status = .waitingClosed(ahead: ahead)
            } else {
                var calls = state.estimatedWait(ticket.service, ahead: ahead).map {
                    Self.calls(wait: $0, from: state.localTime(now), hours: state.config.hall.hours)
                }
                // A booked citizen's ticket is held until the slot: not called before it (unless a counter is idle).
                if let slot = ticket.appointmentAt, slot > now, case .between(let from, let to)? = calls {
                    let start = max(from, state.localTime(slot).minuteOfDay)
                    calls = .between(start, max(to, start + 5))
                }
                status = .waiting(ahead: ahead, calls: calls)
            }
        case .called:
            status = .called(counter: ticket.counter ?? 0, location: ticket.counter.flatMap { state.config.counter($0)?.location })
        case .serving:
            status = .serving(counter: ticket.counter ?? 0)
        case .done:
            status = .ended(ticket.outcome ?? .served)
        }
    }

    /// The estimate as a range of call times: from four fifths to one and a quarter of the
    /// estimated wait, counted in opening time from `time` (so a wait that runs into the lunch
    /// break goes on after it), to whole 5 minutes outward (a guess, so no false precision), at
    /// least 5 minutes wide. Past the day's last session: the end of the day, or not today.
    static func calls(wait: TimeInterval, from time: LocalTime, hours: OpeningHours) -> Calls {
        let minutes = wait / 60
        guard let early = hours.minute(afterOpenMinutes: Int((minutes * 0.8).rounded(.down)), from: time) else { return .notToday }
        let closing = hours.sessions(on: time.day, weekday: time.weekday).map(\.end).max() ?? early
        let late = hours.minute(afterOpenMinutes: Int((minutes * 1.25).rounded(.up)), from: time) ?? closing
        let from = early / 5 * 5
        return .between(from, min(max(from + 5, (late + 4) / 5 * 5), max(closing, from + 5)))
    }

    /// Whether the page needs no more updates.
    var isFinal: Bool { if case .ended = status { return true } else { return false } }

    /// Whether the citizen may rate the visit: it was served.
    var isRateable: Bool { status == .ended(.served) }

    // MARK: - HTML

    /// The whole page. `live` is where its stream is (`/t/<token>/events`); with JavaScript off
    /// it reloads itself every 20 s until the ticket ends.
    func html(_ lang: Language, token: String) -> String {
        let other: Language = lang == .vi ? .en : .vi
        let refresh = isFinal ? "" : "<noscript><meta http-equiv=\"refresh\" content=\"20\"></noscript>"
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        \(refresh)
        <title>\(HTML.escape(label)) · \(HTML.escape(name(lang)))</title>
        <link rel="stylesheet" href="/static/phone.css">
        <script src="/static/phone.js" defer></script>
        </head><body>
        <header><p class="hall">\(HTML.escape(name(lang)))</p>
        <a class="lang" href="?lang=\(other.rawValue)" lang="\(other.rawValue)" hreflang="\(other.rawValue)">\(other == .en ? "English" : "Tiếng Việt")</a></header>
        <main id="live" data-stream="/t/\(HTML.escape(token))/events?lang=\(lang.rawValue)"\(isFinal ? " data-final" : "")>
        \(live(lang, token: token))
        </main>
        </body></html>

        """
    }

    /// The hall's name in the page's language (its Vietnamese name when it has no English one).
    func name(_ lang: Language) -> String { lang == .en ? hallNameEn ?? hallName : hallName }

    /// The part that changes, sent again over the stream after every change in the hall.
    func live(_ lang: Language, token: String) -> String {
        func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
        let service = HTML.escape(lang == .vi ? serviceVi : serviceEn)
        var out = """
        <h1><span class="what">\(t("Số thứ tự", "Your number"))</span> <span class="number">\(HTML.escape(label))</span></h1>
        <p class="service">\(service)</p>
        """
        if let from = transferredFrom {
            out += "<p class=\"muted service\">\(t("Chuyển từ \(HTML.escape(from.vi))", "Transferred from \(HTML.escape(from.en))"))</p>"
        }
        out += "<section class=\"status \(statusClass)\" role=\"status\" aria-live=\"polite\">"
        switch status {
        case .waiting(let ahead, let calls):
            if let booked { out += "<p class=\"booked\">\(t("Lịch hẹn lúc", "Appointment at")) <strong>\(ClockText.text(booked))</strong></p>" }
            out += ahead == 0
                ? "<p class=\"big\">\(t("Ông/Bà là người tiếp theo", "You are next"))</p>"
                : "<p class=\"big\">\(t("Số người chờ trước", "People ahead of you")): <strong>\(ahead)</strong></p>"
            switch calls {
            case .between(let from, let to)?:
                out += "<p>\(t("Dự kiến được gọi", "Expected call")): <strong>\(ClockText.text(from))–\(ClockText.text(to))</strong></p>"
                out += "<p class=\"muted\">\(t("Ước tính, có thể thay đổi. Vui lòng có mặt trước giờ này.", "An estimate that can change. Please be back before then."))</p>"
            case .notToday?:
                out += "<p>\(t("Với số người đang chờ, có thể không đến lượt Ông/Bà trước khi hết giờ làm việc hôm nay. Vui lòng hỏi nhân viên.", "With this many waiting, your turn may not come before the hall closes today. Please ask the staff."))</p>"
            case nil:
                out += "<p>\(t("Chưa có quầy nào đang phục vụ lĩnh vực này, nên chưa ước tính được giờ gọi.", "No counter serves this now, so the call time cannot be estimated yet."))</p>"
            }
        case .waitingClosed(let ahead):
            out += "<p class=\"big\">\(t("Số người chờ trước", "People ahead of you")): <strong>\(ahead)</strong></p>"
            out += "<p>\(t("Hiện đang ngoài giờ làm việc. Số của Ông/Bà sẽ được gọi khi mở cửa lại, nếu còn trong ngày; hết ngày, xin mời quay lại vào ngày làm việc tiếp theo.", "The hall is closed now. Your number will be called when it opens again today; if the day has ended, please come back on the next working day."))</p>"
        case .called(let counter, let location):
            out += "<p class=\"big\">\(t("Đến lượt Ông/Bà!", "It is your turn!"))</p>"
            out += "<p class=\"go\">\(t("Xin mời đến quầy", "Please go to counter")) <strong>\(counter)</strong></p>"
            if let location { out += "<p class=\"where\">\(HTML.escape(location))</p>" }
        case .serving(let counter):
            out += "<p class=\"big\">\(t("Đang được phục vụ tại quầy", "Being served at counter")) <strong>\(counter)</strong></p>"
        case .ended(let outcome):
            out += "<p class=\"big\">\(Self.ending(outcome, lang))</p>"
        }
        out += "</section>"
        if isRateable { out += rating(lang, token: token) }
        out += "<p class=\"updated muted\">\(t("Cập nhật lúc", "Updated at")) \(Format.clock(now, zone))</p>"
        return out
    }

    /// After service: the three levels as buttons, with an optional reason; once given, thanks.
    func rating(_ lang: Language, token: String) -> String {
        func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
        if let rated {
            return "<section class=\"rating done\"><p>\(t("Cảm ơn Ông/Bà đã đánh giá", "Thank you for your rating")): <strong>\(lang == .vi ? rated.vi : rated.en)</strong></p></section>"
        }
        let reasons = RatingReason.allCases.map { "<option value=\"\($0.rawValue)\">\(HTML.escape(lang == .vi ? $0.vi : $0.en))</option>" }.joined()
        let buttons = Rating.allCases.map {
            "<button type=\"submit\" name=\"rating\" value=\"\($0.rawValue)\" class=\"\($0.rawValue)\">\(HTML.escape(lang == .vi ? $0.vi : $0.en))</button>"
        }.joined()
        return """
        <form class="rating" method="post" action="/t/\(HTML.escape(token))/rating">
        <h2>\(t("Ông/Bà có hài lòng với việc giải quyết hồ sơ hôm nay?", "How satisfied are you with today's service?"))</h2>
        <input type="hidden" name="lang" value="\(lang.rawValue)">
        <label for="reason">\(t("Lý do (không bắt buộc)", "Reason (optional)"))</label>
        <select id="reason" name="reason"><option value="">–</option>\(reasons)</select>
        <div class="buttons">\(buttons)</div>
        </form>
        """
    }

    var statusClass: String {
        switch status {
        case .waiting, .waitingClosed: return "waiting"
        case .called: return "called"
        case .serving: return "serving"
        case .ended: return "ended"
        }
    }

    static func ending(_ outcome: Outcome, _ lang: Language) -> String {
        func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
        switch outcome {
        case .served, .transferred: return t("Đã phục vụ xong. Cảm ơn Ông/Bà!", "Done. Thank you!")
        case .noShow: return t("Số đã được gọi nhưng Ông/Bà không có mặt. Vui lòng lấy số mới.", "Your number was called and you were not there. Please take a new number.")
        case .cancelled: return t("Số này đã được huỷ.", "This number was cancelled.")
        case .openAtClose, .stranded: return t("Hết giờ làm việc trước khi đến lượt. Xin mời quay lại vào ngày làm việc tiếp theo.", "The hall closed before your turn. Please come back on the next working day.")
        }
    }

    /// The page for a token that names no ticket of today: a guess, or a ticket of an earlier day.
    static func unknown(_ lang: Language) -> String {
        func t(_ vi: String, _ en: String) -> String { lang == .vi ? vi : en }
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(t("Không tìm thấy số", "Number not found"))</title>
        <link rel="stylesheet" href="/static/phone.css">
        </head><body><main>
        <h1>\(t("Không tìm thấy số thứ tự này", "This number was not found"))</h1>
        <p>\(t("Trang của mỗi số chỉ dùng được trong ngày số đó được cấp. Vui lòng quét lại mã QR trên phiếu hôm nay, hoặc hỏi nhân viên.", "A number's page works only on the day it was issued. Scan the QR code on today's ticket again, or ask the staff."))</p>
        </main></body></html>

        """
    }

    /// The page for an address that asked for too many unknown numbers: it tries again by itself.
    static func tooMany(_ lang: Language) -> String {
        let text = lang == .vi ? "Quá nhiều yêu cầu; trang sẽ tự tải lại sau một phút." : "Too many requests; the page reloads itself in a minute."
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="60">
        <title>\(text)</title>
        <link rel="stylesheet" href="/static/phone.css">
        </head><body><main><p>\(text)</p></main></body></html>

        """
    }
}
