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
    func closed(_ reason: Kiosk.ClosedReason) -> (String, String) {
        switch reason {
        case .hallClosed: return (t("Ngoài giờ làm việc", "Outside opening hours"), t("Vui lòng quay lại trong giờ làm việc", "Please come back during opening hours"))
        case .noCounter: return (t("Tạm ngừng phục vụ", "Temporarily out of service"), t("Chưa có quầy mở cho dịch vụ này", "No counter is open for this service"))
        case .full: return (t("Đã hết lượt tiếp nhận hôm nay", "No more numbers today"), t("Xin mời quay lại vào ngày làm việc tiếp theo", "Please come back on the next working day"))
        }
    }
}
