/// Hall files the end-to-end suites share.
public enum TestHalls {
    /// A hall open around the clock, so tickets are issued up to midnight. No counter serves G
    /// (its clerk is away), so G's tickets are still waiting when each day closes at midnight.
    public static func allDay(zone: String) -> String {
        """
        [hall]
        name = "Trung tâm hành chính công 24 giờ"
        level = "city"
        time_zone = "\(zone)"
        weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        sessions = ["00:00-24:00"]

        [[service]]
        id = "A"
        name_vi = "Đất đai"
        name_en = "Land"

        [[service]]
        id = "C"
        name_vi = "Hộ tịch"
        name_en = "Civil status"
        wait_target_minutes = 10
        service_target_minutes = 15

        [[service]]
        id = "D"
        name_vi = "Chứng thực"
        name_en = "Certification"
        service_target_minutes = 10

        [[service]]
        id = "G"
        name_vi = "Trả kết quả"
        name_en = "Return of results"

        [[counter]]
        number = 1
        services = ["A", "C"]

        [[counter]]
        number = 2
        services = ["C", "D"]

        [[counter]]
        number = 3
        services = ["D", "A"]
        """
    }
}
