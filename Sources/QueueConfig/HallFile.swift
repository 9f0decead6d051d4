/// The hall config file's schema, key for key, before it is checked and turned into a
/// `HallConfig`. Keys are snake_case as a person writes them in TOML.
struct HallFile: Decodable {
    struct HallTable: Decodable {
        var name: String
        var level: String
        var time_zone: String?
        var weekdays: [String]?
        var sessions: [String]
        var extra_sessions: [String: [String]]?
    }

    struct PolicyTable: Decodable {
        var priority_boost_minutes: Int?
    }

    struct TargetsTable: Decodable {
        var mean_wait_minutes: Int?
        var dossiers_per_clerk_year: Int?
        var working_days_per_year: Int?
    }

    struct ServiceTable: Decodable {
        var id: String
        var name_vi: String
        var name_en: String
        var numbers: String?
        var wait_target_minutes: Int?
        var service_target_minutes: Int?
    }

    struct CounterTable: Decodable {
        var number: Int
        var name: String?
        var services: [String]
    }

    struct BoardTable: Decodable {
        var notice: String?
        var recent_calls: Int?
        var flash_seconds: Int?
        var announce_english: Bool?
        var theme: [String: String]?
    }

    var hall: HallTable
    var board: BoardTable?
    var policy: PolicyTable?
    var targets: TargetsTable?
    var service: [ServiceTable]
    var counter: [CounterTable]
}
