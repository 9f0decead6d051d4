/// The hall config file's schema, key for key, before it is checked and turned into a
/// `HallConfig`. Keys are snake_case as a person writes them in TOML.
struct HallFile: Decodable {
    struct HallTable: Decodable {
        var name: String
        var name_en: String?
        var level: String
        var time_zone: String?
        var weekdays: [String]?
        var sessions: [String]
        var extra_sessions: [String: [String]]?
        var closed_days: [String]?
    }

    struct PolicyTable: Decodable {
        var priority_boost_minutes: Int?
        var appointment_lead_minutes: Int?
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
        var location: String?
    }

    struct BoardTable: Decodable {
        var notice: String?
        var recent_calls: Int?
        var flash_seconds: Int?
        var announce_english: Bool?
        var theme: [String: String]?
    }

    /// The link to the city (docs/CITY.md); not part of the hall's `HallConfig`.
    struct CityTable: Decodable {
        var url: String
        var key_file: String
        var certificate: String?
    }

    /// Where citizens' phones reach this box's ticket pages (docs/PHONE.md); not part of the
    /// hall's `HallConfig`.
    struct PhonePageTable: Decodable {
        var base_url: String
    }

    var hall: HallTable
    var city: CityTable?
    var phone_page: PhonePageTable?
    var board: BoardTable?
    var policy: PolicyTable?
    var targets: TargetsTable?
    var service: [ServiceTable]
    var counter: [CounterTable]
}

extension HallFile {
    /// What each key holds, for messages about a value of the wrong type (TOMLKit reports those
    /// as missing keys). Key names are unique across the tables above.
    static let expected: [String: String] = [
        "hall": "a table ([hall])", "board": "a table ([board])", "policy": "a table ([policy])",
        "targets": "a table ([targets])", "service": "a list of [[service]] tables", "counter": "a list of [[counter]] tables",
        "name": "text in quotes", "level": "text in quotes", "time_zone": "text in quotes", "notice": "text in quotes",
        "id": "text in quotes", "name_vi": "text in quotes", "name_en": "text in quotes", "numbers": "text in quotes, such as \"1-999\"",
        "weekdays": "a list of weekdays, such as [\"mon\", \"tue\"]",
        "sessions": "a list of sessions, such as [\"07:30-11:30\"]",
        "extra_sessions": "a table of weekdays to sessions, such as { sat = [\"07:30-11:30\"] }",
        "closed_days": "a list of days, such as [\"2026-09-02\"]",
        "services": "a list of service letters, such as [\"A\", \"B\"]",
        "location": "text in quotes, such as \"Tầng 1, bên trái · Ground floor, left\"",
        "theme": "a table of colours, such as { accent = \"#FFB000\" }",
        "number": "a whole number",
        "priority_boost_minutes": "a number of minutes", "appointment_lead_minutes": "a number of minutes", "mean_wait_minutes": "a number of minutes",
        "wait_target_minutes": "a number of minutes", "service_target_minutes": "a number of minutes",
        "dossiers_per_clerk_year": "a whole number", "working_days_per_year": "a whole number",
        "recent_calls": "a whole number", "flash_seconds": "a whole number of seconds",
        "announce_english": "true or false",
        "city": "a table ([city])", "url": "text in quotes, such as \"https://city.example:8444\"",
        "key_file": "a file path in quotes", "certificate": "a file path in quotes",
        "phone_page": "a table ([phone_page])", "base_url": "text in quotes, such as \"http://192.168.1.20:8080\"",
    ]
}
