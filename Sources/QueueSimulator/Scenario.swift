import Foundation
import QueueCore

/// How the simulated citizens and clerks behave. The defaults follow a district one-stop hall:
/// a service mix led by certification and civil status, service times per service, a few
/// priority tickets, no-shows, transfers and citizens who give up.
public struct Scenario: Sendable {
    /// Tickets issued on a fully open day (new numbers; transfers come on top). A day with fewer
    /// open minutes, such as Saturday morning, gets proportionally fewer.
    public var ticketsPerDay: Int
    public var priorityShare = 0.08
    /// Called citizens who never come (recalled once, then marked no-show).
    public var noShowShare = 0.04
    /// Served citizens sent on to another service part-way through.
    public var transferShare = 0.03
    /// Waiting citizens who give up and whose ticket a manager cancels.
    public var cancelShare = 0.01
    /// Counters whose clerk takes one break (tạm ngừng) in a session.
    public var breakShare = 0.3
    /// Counters that open late or close early in a session.
    public var shortSessionShare = 0.15
    /// The spread of service times around their mean (log-normal shape).
    public var serviceSpread = 0.55

    public init(ticketsPerDay: Int) { self.ticketsPerDay = ticketsPerDay }

    /// Share of arrivals and mean service minutes for the sample hall's services; other services
    /// get an even share and 40 % of their service target.
    static let known: [String: (share: Double, minutes: Double)] = [
        "A": (0.18, 14), "B": (0.08, 16), "C": (0.22, 8), "D": (0.27, 4), "E": (0.07, 12), "F": (0.10, 10), "G": (0.08, 2.5),
    ]

    func mix(_ config: HallConfig) -> [(service: Service, share: Double, minutes: Double)] {
        config.services.map { s in
            let k = Self.known[s.id]
            return (s, k?.share ?? 1 / Double(config.services.count), k?.minutes ?? s.serviceTarget / 60 * 0.4)
        }
    }
}

/// Clerks' names for simulated counters.
enum ClerkNames {
    static let all = [
        "Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hương", "Phạm Quốc Bảo", "Hoàng Thị Mai", "Vũ Đức Thắng",
        "Đặng Thu Trang", "Bùi Văn Hùng", "Đỗ Thị Ngọc", "Hồ Minh Tuấn", "Ngô Thị Hạnh", "Dương Văn Khoa",
        "Lý Thị Thu", "Phan Thanh Sơn", "Trịnh Thị Yến", "Đinh Công Phúc", "Mai Thị Hoa", "Tô Văn Long",
        "Lương Thị Kim", "Cao Xuân Đạt", "Chu Thị Vân", "Tạ Quang Huy", "Kiều Thị Nhung", "Hà Văn Tài",
    ]

    static func name(counter: Int) -> String {
        let base = all[(counter - 1) % all.count]
        return counter > all.count ? "\(base) \((counter - 1) / all.count + 1)" : base
    }
}
