import Foundation
import QueueCore

/// The kiosk's words in its two languages.
struct Text {
    let language: Kiosk.Language
    func t(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    var chooseService: String { t("Chọn dịch vụ để lấy số thứ tự", "Choose a service to take a number") }
    var priorityOff: String { t("Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai, người có con nhỏ", "Priority: elderly, disabled, pregnant, with small children") }
    var priorityOn: String { t("ĐÃ CHỌN ƯU TIÊN — chạm vào dịch vụ", "PRIORITY SELECTED — now tap a service") }
    var otherLanguage: String { language == .vi ? "English" : "Tiếng Việt" }
    var yourNumber: String { t("Số thứ tự của Ông/Bà", "Your number") }
    func waiting(_ n: Int) -> String { t("Đang chờ \(n)", "\(n) waiting") }
    /// "~25 phút", "~1 giờ", "~1 giờ 10 phút"; "Không phải chờ" under half a minute.
    func estimate(_ s: TimeInterval?) -> String {
        guard let s else { return t("chưa mở quầy", "no counter open") }
        let m = Int((s / 60).rounded())
        if m == 0 { return t("Không phải chờ", "No wait") }
        if m < 60 { return t("~\(m) phút", "~\(m) min") }
        let rest = m % 60
        return t("~\(m / 60) giờ" + (rest == 0 ? "" : " \(rest) phút"), "~\(m / 60) h" + (rest == 0 ? "" : " \(rest) min"))
    }
    func ahead(_ n: Int) -> String { t("Số người chờ trước: \(n)", "Ahead of you: \(n)") }
    func expected(_ s: TimeInterval?) -> String { t("Thời gian chờ dự kiến: ", "Estimated wait: ") + estimate(s) }
    var tapToReturn: String { t("Chạm để quay lại", "Tap to go back") }
    var haveAppointment: String { t("Đã đặt lịch hẹn? Nhập mã tại đây", "Booked an appointment? Enter its code") }
    var enterCode: String { t("Nhập mã lịch hẹn (6 chữ số) hoặc quét mã", "Type your appointment code (6 digits) or scan it") }
    var erase: String { t("Xóa", "Erase") }
    var checkIn: String { t("Lấy số", "Check in") }
    var back: String { t("Quay lại", "Back") }
    /// The sentence a checked-in citizen reads under the number.
    func appointment(_ note: AppointmentNote) -> String {
        switch note {
        // A counter with nobody else to call may take a booked citizen early: they should stay near.
        case .early(let m): return t("Lịch hẹn \(ClockText.text(m)): gọi từ \(ClockText.text(m)), sớm hơn nếu quầy trống", "Appointment \(ClockText.text(m)): called from then, earlier if a counter is free")
        case .due(let m): return t("Lịch hẹn lúc \(ClockText.text(m)): Ông/Bà được gọi sớm nhất có thể", "Appointment at \(ClockText.text(m)): you are called as soon as possible")
        case .late(let m): return t("Quá giờ hẹn \(ClockText.text(m)) hơn 15 phút: chờ như người không hẹn",
                                    "Over 15 min late for \(ClockText.text(m)): you wait with walk-ins")
        }
    }
    var takeTicket: String { t("Xin mời nhận phiếu bên dưới", "Please take your ticket below") }
    /// The counters staffed for the ticket's service now (the ones its estimate counts), a
    /// paused one marked as such.
    func counters(_ staffed: [(number: Int, paused: Bool)]) -> String {
        guard !staffed.isEmpty else { return t("Chưa có quầy nào mở cho dịch vụ này", "No counter is open for it yet") }
        let list = staffed.map { "\($0.number)" + ($0.paused ? t(" (tạm ngừng)", " (paused)") : "") }.joined(separator: ", ")
        return t("Quầy phục vụ: \(list)", staffed.count == 1 ? "Counter: \(list)" : "Counters: \(list)")
    }
    /// Why a service takes no ticket now, and when to come back, from the hall's opening hours
    /// as seen at `time` (hall time).
    func closed(_ reason: Kiosk.ClosedReason, hours: OpeningHours? = nil, at time: LocalTime? = nil) -> (String, String) {
        switch reason {
        case .hallClosed:
            let when = time.flatMap { hours?.nextOpening(after: $0) }
            return (t("Ngoài giờ làm việc", "Outside opening hours"),
                    when.map { comeBack($0, from: time?.day, vi: ("Mở cửa lại", "lúc"), en: ("Opens again", "at")) }
                        ?? t("Xin mời quay lại trong giờ làm việc", "Please come back during opening hours"))
        case .noCounter:
            return (t("Tạm ngừng phục vụ", "Temporarily out of service"), t("Chưa có quầy mở cho dịch vụ này", "No counter is open for this service"))
        case .full:
            let next = time.flatMap { hours?.nextWorkingDay(after: $0) }
            return (t("Đã hết lượt tiếp nhận hôm nay", "No more numbers today"),
                    next.map { comeBack($0, from: time?.day, vi: ("Xin mời quay lại", "từ"), en: ("Please come back", "from")) }
                        ?? t("Xin mời quay lại vào ngày làm việc tiếp theo", "Please come back on the next working day"))
        }
    }

    /// What a service's tile on home says when it takes no ticket now: when to come back, from
    /// the same opening hours as the closed screen.
    func tile(_ reason: Kiosk.ClosedReason, hours: OpeningHours?, at time: LocalTime?) -> String {
        let (title, advice) = closed(reason, hours: hours, at: time)
        switch reason {
        case .hallClosed: return advice
        case .noCounter: return title
        case .full: return "\(t("Hết lượt hôm nay", "None left today")) · \(advice)"
        }
    }

    /// "Mở cửa lại ngày mai lúc 07:30": the phrase, the day (none for today), the joining word, the time.
    private func comeBack(_ at: (days: Int, weekday: Int, minute: Int), from today: String?, vi: (String, String), en: (String, String)) -> String {
        let clock = ClockText.text(at.minute)
        // A week or more away (the hall closed for Tết): the date too, or "thứ Hai" would read as the coming one.
        let date = at.days >= 7 ? today.flatMap { CivilDay.adding(at.days, to: $0) }.flatMap(CivilDay.parts) : nil
        let dateVi = date.map { "\($0.2)/\($0.1) " } ?? "", dateEn = date.map { "\($0.2) \(Self.monthsEn[$0.1 - 1]) " } ?? ""
        return t("\(vi.0) \(day(at.days, at.weekday, vi: true))\(dateVi)\(vi.1) \(clock)", "\(en.0) \(day(at.days, at.weekday, vi: false))\(dateEn)\(en.1) \(clock)")
    }

    /// "" today, "ngày mai " / "tomorrow ", else "thứ Hai " / "on Monday ".
    private func day(_ days: Int, _ weekday: Int, vi: Bool) -> String {
        switch days {
        case 0: return ""
        case 1: return vi ? "ngày mai " : "tomorrow "
        default: return vi ? "\(Self.weekdaysVi[weekday - 1]) " : "on \(Self.weekdaysEn[weekday - 1]) "
        }
    }

    static let weekdaysVi = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
    static let weekdaysEn = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
