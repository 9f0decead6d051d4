import QueueCore
import QueueWire

/// The words on the pages: Vietnamese first, English second. Refusals from the coordinator keep
/// their English message (it says exactly what is wrong) under a Vietnamese sentence for the code.
enum Texts {
    /// The Vietnamese sentence for a refusal code the coordinator or the web layer gives.
    static func vietnamese(_ code: ErrorCode) -> String {
        switch code {
        case .queueEmpty: return "Không còn ai đang chờ dịch vụ của quầy này."
        case .counterClosed: return "Quầy chưa có cán bộ đăng nhập ca làm việc."
        case .counterPaused: return "Quầy đang tạm ngừng phục vụ; bấm Tiếp tục trước."
        case .counterBusy: return "Quầy đang có công dân; kết thúc, báo vắng hoặc chuyển trước."
        case .noCurrentTicket: return "Quầy không có số nào đang gọi hoặc đang phục vụ."
        case .wrongState: return "Số hiện tại không ở trạng thái cho thao tác này."
        case .unknownTicket: return "Không có số này trong hàng chờ hôm nay."
        case .ticketNotWaiting: return "Số này không còn đang chờ."
        case .sameService: return "Hãy chọn một dịch vụ khác dịch vụ hiện tại."
        case .unknownService: return "Không có dịch vụ này."
        case .unknownCounter: return "Không có quầy này."
        case .reasonRequired: return "Hãy nhập lý do tạm ngừng."
        case .notPaused: return "Quầy không ở trạng thái tạm ngừng."
        case .clerkRequired: return "Hãy nhập họ tên cán bộ."
        case .hallClosed: return "Ngoài giờ làm việc của bộ phận một cửa."
        case .forbidden: return "Tài khoản này không được phép làm thao tác này."
        case .storage: return "Máy điều phối chưa lưu được thay đổi; không có gì thay đổi. Hãy thử lại."
        case .badDeviceName: return "Tên thiết bị chỉ gồm chữ không dấu, số, '-', '_' hoặc '.', tối đa 64 ký tự."
        case .deviceExists: return "Đã có thiết bị mang tên này."
        case .unknownDevice: return "Không có thiết bị đang hoạt động mang tên này."
        case .unknownPin: return "Không có mã PIN đang dùng với số này."
        case .pinTaken: return "Quầy này đã có một mã PIN như vậy; hãy chọn mã khác."
        case .badPin: return "Mã PIN gồm 6 đến 8 chữ số."
        case .signInFailed: return "Mã PIN hoặc quầy không đúng."
        case .tooManyAttempts: return "Nhập sai quá nhiều lần; hãy đợi vài phút rồi thử lại, hoặc đăng nhập bằng khóa của quầy."
        case .badKey: return "Khóa thiết bị không được chấp nhận."
        case .webRole: return "Trang web dành cho quầy và quản lý; khóa này là của kiosk hoặc bảng hiển thị."
        case .csrf: return "Biểu mẫu đã cũ hoặc không đến từ trang này; hãy tải lại trang rồi thử lại."
        case .sessionExpired: return "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."
        case .badRequest, .badForm: return "Biểu mẫu thiếu hoặc sai thông tin."
        case .requestIdRequired: return "Thiếu mã yêu cầu; hãy tải lại trang."
        case .noTickets: return "Không có số nào được ghi nhận trong ngày này."
        case .badDay: return "Ngày phải viết dạng NNNN-TT-NN, ví dụ 2026-11-30."
        default: return "Không thực hiện được."
        }
    }

    /// A refusal as a two-language message.
    static func refusal(_ error: QueueError) -> WebMessage {
        .error(vietnamese(error.code), error.message)
    }

    /// The coordinator's reply or refusal as a message; `done` says what succeeded.
    static func outcome(_ result: Result<Reply, QueueError>, done: WebMessage) -> WebMessage {
        if case .failure(let error) = result { return refusal(error) }
        return done
    }

    static func priority(_ p: PriorityClass) -> String {
        switch p {
        case .normal: return "Thường"
        case .priority: return "Ưu tiên"
        case .elderly: return "Ưu tiên · người cao tuổi"
        case .disabled: return "Ưu tiên · người khuyết tật"
        case .pregnant: return "Ưu tiên · phụ nữ mang thai"
        case .child: return "Ưu tiên · người có con nhỏ"
        }
    }

    static func counterStatus(_ s: CounterState.Status) -> (vi: String, en: String) {
        switch s {
        case .closed: return ("Đóng", "closed")
        case .open: return ("Đang mở", "open")
        case .paused: return ("Tạm ngừng phục vụ", "paused")
        }
    }

    static func ticketState(_ s: TicketState) -> (vi: String, en: String) {
        switch s {
        case .waiting: return ("Đang chờ", "waiting")
        case .called: return ("Đã gọi, chờ công dân đến", "called")
        case .serving: return ("Đang phục vụ", "serving")
        case .done: return ("Đã xong", "done")
        }
    }

    static func printer(_ p: DeviceState.Printer) -> (vi: String, en: String) {
        switch p {
        case .ready: return ("Sẵn sàng", "ready")
        case .paperLow: return ("Sắp hết giấy", "paper low")
        case .noPaper: return ("Hết giấy", "out of paper")
        case .coverOpen: return ("Nắp đang mở", "cover open")
        case .offline: return ("Không sẵn sàng", "offline")
        case .missing: return ("Không tìm thấy máy in", "not found")
        case .failed: return ("Máy in lỗi", "error")
        }
    }

    static func role(_ r: Role) -> String {
        switch r {
        case .kiosk: return "Kiosk"
        case .counter: return "Quầy · counter"
        case .display: return "Bảng hiển thị · display"
        case .manager: return "Quản lý · manager"
        }
    }
}
