import Foundation
import QueueCore
import TOMLKit

/// A config file problem, naming the file, the key and what is wrong.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var key: String
    public var problem: String

    public var description: String {
        key.isEmpty ? "\(file): \(problem)" : "\(file): \(key): \(problem)"
    }
}

/// Reads a hall config file (TOML) into a checked `HallConfig`.
public enum HallConfigLoader {
    /// The embedded sample hall.
    public static func defaultHall() -> HallConfig {
        try! parse(DefaultHall.toml, file: "<default hall>")
    }

    /// A table header whose name starts with something other than a letter, digit, `_`, `-` or a
    /// quote (`[=]`, `[[[a]]]`, `[#]`) trips an assertion inside the TOML library in debug builds
    /// instead of an error (found by fuzzing, scripts/fuzz.sh): say what is wrong before it parses.
    static func checkTableHeaders(_ text: String, file: String) throws {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if let first = rest.first, first.isASCII && (first.isLetter || first.isNumber) || "_-\"']".contains(first) { continue }
            throw ConfigError(file: file, key: "", problem: "line \(number + 1): a table header must start with a name, e.g. [policy] or [[service]]; found \"\(line.prefix(40))\".")
        }
    }

    public static func load(path: String) throws -> HallConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, key: "", problem: "cannot read the file; check that it exists and is readable by this user.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", problem: "is not UTF-8 text; save it as UTF-8.")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> HallConfig {
        try check(try decode(text, file: file), file: file)
    }

    /// The file's `[city]` section, checked: nil when the hall does not forward to a city.
    /// Relative paths are read from the file's folder.
    public static func cityLink(path: String) throws -> CityLinkSettings? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", problem: "cannot read the file; check that it exists and is readable by this user.")
        }
        guard let city = try decode(text, file: path).city else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : (folder as NSString).appendingPathComponent(p) }
        guard let url = URL(string: city.url), url.scheme == "https", url.host != nil else {
            throw ConfigError(file: path, key: "city.url", problem: "\"\(city.url)\" is not an https:// address; write the city's address, such as \"https://city.example:8444\".")
        }
        return CityLinkSettings(url: city.url.hasSuffix("/") ? String(city.url.dropLast()) : city.url,
                                keyFile: resolve(city.key_file), certificate: city.certificate.map(resolve))
    }

    /// The file's `[phone_page] base_url`, checked: where citizens' phones reach this box's
    /// ticket pages (the QR on each ticket), or nil when the file does not say.
    public static func phonePageBase(path: String) throws -> String? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", problem: "cannot read the file; check that it exists and is readable by this user.")
        }
        guard let base = try decode(text, file: path).phone_page?.base_url else { return nil }
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil,
              url.query == nil, url.fragment == nil else {
            throw ConfigError(file: path, key: "phone_page.base_url", problem: "\"\(base)\" is not an http:// or https:// address; write where phones reach this box, such as \"http://192.168.1.20:8080\".")
        }
        guard url.path.isEmpty || url.path == "/" else {
            throw ConfigError(file: path, key: "phone_page.base_url", problem: "\"\(base)\" has a path; the pages are served at the root (/t/…), so give the address alone, such as \"https://hangdoi.example.vn\".")
        }
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    static func decode(_ text: String, file: String) throws -> HallFile {
        try checkTableHeaders(text, file: file)
        let raw: HallFile
        do {
            raw = try TOMLDecoder(strictDecoding: true).decode(HallFile.self, from: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, key: "", problem: "line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.values.map { path($0) }.sorted()
            throw ConfigError(file: file, key: keys.joined(separator: ", "), problem: "unknown key; check its spelling against the sample (queue-coordinator --print-default-config).")
        } catch let error as DecodingError {
            throw describe(error, file: file, root: try? TOMLTable(string: text))
        }
        return raw
    }

    static func check(_ raw: HallFile, file: String) throws -> HallConfig {
        func fail(_ key: String, _ problem: String) -> ConfigError { ConfigError(file: file, key: key, problem: problem) }

        let zone = raw.hall.time_zone ?? "Asia/Ho_Chi_Minh"
        guard TimeZone(identifier: zone) != nil else {
            throw fail("hall.time_zone", "\"\(zone)\" is not a known time zone; use an IANA name such as \"Asia/Ho_Chi_Minh\" (is tzdata installed?).")
        }
        let weekdayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        func weekday(_ name: String, _ key: String) throws -> Int {
            guard let d = weekdayNames[name.lowercased()] else { throw fail(key, "\"\(name)\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun.") }
            return d
        }
        func sessions(_ texts: [String], _ key: String) throws -> [OpeningHours.Session] {
            try texts.map { text in
                let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let start = ClockText.minutes(parts[0]), let end = ClockText.minutes(parts[1]), start < end else {
                    throw fail(key, "\"\(text)\" is not a session; write it as \"07:30-11:30\".")
                }
                return OpeningHours.Session(start: start, end: end)
            }
        }
        let weekdays = try (raw.hall.weekdays ?? ["mon", "tue", "wed", "thu", "fri"]).map { try weekday($0, "hall.weekdays") }
        var extra: [Int: [OpeningHours.Session]] = [:]
        for (name, texts) in raw.hall.extra_sessions ?? [:] {
            extra[try weekday(name, "hall.extra_sessions")] = try sessions(texts, "hall.extra_sessions.\(name)")
        }
        let closedDays = try (raw.hall.closed_days ?? []).map { day in
            guard CivilDay.parts(day) != nil else { throw fail("hall.closed_days", "\"\(day)\" is not a day; write it as \"2026-09-02\".") }
            return day
        }
        let hours = OpeningHours(weekdays: weekdays, sessions: try sessions(raw.hall.sessions, "hall.sessions"), extra: extra,
                                 closedDays: Set(closedDays))
        guard !raw.hall.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("hall.name", "must not be empty.") }

        guard !raw.service.isEmpty else { throw fail("service", "the hall needs at least one [[service]].") }
        var services: [Service] = []
        for (i, s) in raw.service.enumerated() {
            let key = "service[\(i + 1)]"
            let id = s.id.uppercased()
            guard id.count == 1, id.first!.isLetter, id.first!.isASCII else {
                throw fail("\(key).id", "\"\(s.id)\" must be one letter A–Z: it prefixes the ticket numbers.")
            }
            guard !services.contains(where: { $0.id == id }) else { throw fail("\(key).id", "service \(id) is defined twice.") }
            var first = 1, last = 999
            if let numbers = s.numbers {
                let parts = numbers.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2, let a = parts[0], let b = parts[1], a >= 0, a <= b, b <= 99_999 else {
                    throw fail("\(key).numbers", "\"\(numbers)\" is not a number range; write it as \"1-999\".")
                }
                (first, last) = (a, b)
            }
            for (name, value) in [("wait_target_minutes", s.wait_target_minutes), ("service_target_minutes", s.service_target_minutes)] {
                if let v = value, v <= 0 { throw fail("\(key).\(name)", "must be more than 0 minutes.") }
            }
            services.append(Service(id: id, nameVi: s.name_vi, nameEn: s.name_en, firstNumber: first, lastNumber: last,
                                    waitTarget: TimeInterval((s.wait_target_minutes ?? 15) * 60),
                                    serviceTarget: TimeInterval((s.service_target_minutes ?? 30) * 60)))
        }

        guard !raw.counter.isEmpty else { throw fail("counter", "the hall needs at least one [[counter]].") }
        var counters: [Counter] = []
        for (i, c) in raw.counter.enumerated() {
            let key = "counter[\(i + 1)]"
            guard c.number > 0 else { throw fail("\(key).number", "must be 1 or more.") }
            guard !counters.contains(where: { $0.number == c.number }) else { throw fail("\(key).number", "counter \(c.number) is defined twice.") }
            let ids = c.services.map { $0.uppercased() }
            guard !ids.isEmpty else { throw fail("\(key).services", "counter \(c.number) must serve at least one service.") }
            for id in ids where !services.contains(where: { $0.id == id }) {
                throw fail("\(key).services", "service \"\(id)\" is not defined; define it in a [[service]] table.")
            }
            let location = c.location?.trimmingCharacters(in: .whitespacesAndNewlines)
            counters.append(Counter(number: c.number, name: c.name ?? "Quầy \(c.number)", services: ids,
                                    location: location?.isEmpty == false ? location : nil))
        }

        let boost = raw.policy?.priority_boost_minutes ?? 20
        guard boost >= 0 else { throw fail("policy.priority_boost_minutes", "must be 0 or more.") }
        let lead = raw.policy?.appointment_lead_minutes ?? Int(QueuePolicy.defaultAppointmentLead / 60)
        guard (0...240).contains(lead) else { throw fail("policy.appointment_lead_minutes", "must be 0 to 240 minutes.") }
        let t = raw.targets
        let targets = Targets(meanWait: TimeInterval((t?.mean_wait_minutes ?? 15) * 60),
                              dossiersPerClerkYear: t?.dossiers_per_clerk_year ?? 1800,
                              workingDaysPerYear: t?.working_days_per_year ?? 250)
        guard targets.meanWait > 0, targets.dossiersPerClerkYear > 0, (1...366).contains(targets.workingDaysPerYear) else {
            throw fail("targets", "targets must be positive and working_days_per_year at most 366.")
        }
        return HallConfig(hall: Hall(name: raw.hall.name, nameEn: raw.hall.name_en.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }, level: raw.hall.level, timeZone: zone, hours: hours),
                          services: services, counters: counters,
                          policy: QueuePolicy(priorityBoost: TimeInterval(boost * 60), appointmentLead: TimeInterval(lead * 60)), targets: targets,
                          board: try board(raw.board, fail: fail))
    }

    static func board(_ raw: HallFile.BoardTable?, fail: (String, String) -> ConfigError) throws -> BoardSettings {
        var board = BoardSettings()
        guard let raw else { return board }
        board.notice = raw.notice ?? board.notice
        if let n = raw.recent_calls {
            guard (0...20).contains(n) else { throw fail("board.recent_calls", "must be 0 to 20.") }
            board.recentCalls = n
        }
        if let s = raw.flash_seconds {
            guard (0...60).contains(s) else { throw fail("board.flash_seconds", "must be 0 to 60 seconds.") }
            board.flashSeconds = Double(s)
        }
        board.announceEnglish = raw.announce_english ?? board.announceEnglish
        let keys: [String: WritableKeyPath<BoardSettings.Theme, String>] = [
            "background": \.background, "panel": \.panel, "text": \.text, "muted": \.muted,
            "accent": \.accent, "flash": \.flash, "warning": \.warning,
        ]
        for (name, value) in raw.theme ?? [:] {
            guard let path = keys[name] else {
                throw fail("board.theme.\(name)", "unknown colour; use \(keys.keys.sorted().joined(separator: ", ")).")
            }
            guard value.count == 7, value.hasPrefix("#"), UInt32(value.dropFirst(), radix: 16) != nil else {
                throw fail("board.theme.\(name)", "\"\(value)\" is not a colour; write it as \"#RRGGBB\".")
            }
            board.theme[keyPath: path] = value
        }
        return board
    }

    /// The value at a decoding path in the parsed file, if there is one.
    static func value(at keys: [CodingKey], in root: TOMLTable) -> TOMLValueConvertible? {
        var current: TOMLValueConvertible = root
        for key in keys {
            if let index = key.intValue {
                guard let array = current.array, index >= 0, index < array.count else { return nil }
                current = array[index]
            } else {
                guard let table = current.table, let next = table[key.stringValue] else { return nil }
                current = next
            }
        }
        return current
    }

    /// What the key at `keys` should hold: the key's own kind, or for a list element, the kind
    /// of one element of its list.
    static func expected(at keys: [CodingKey]) -> String? {
        guard let last = keys.last else { return nil }
        if last.intValue == nil { return HallFile.expected[last.stringValue] }
        switch keys.dropLast().last?.stringValue {
        case "weekdays": return "a weekday in quotes, such as \"mon\""
        case "sessions": return "a session in quotes, such as \"07:30-11:30\""
        case "services": return "a service letter in quotes, such as \"A\""
        case "service": return "a [[service]] table"
        case "counter": return "a [[counter]] table"
        default: return nil
        }
    }

    static func wrongType(_ found: TOMLValueConvertible, at keys: [CodingKey], file: String) -> ConfigError {
        let should = expected(at: keys).map { "must be \($0)" } ?? "has the wrong type"
        return ConfigError(file: file, key: path(keys), problem: "\(should), not \(shown(found)).")
    }

    /// A value as a person wrote it: 4.5, the text "20", a list, a table.
    static func shown(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "the text \"\(value.string ?? "")\""
        case .int: return value.int.map(String.init) ?? "a whole number"
        case .double: return value.double.map { "\($0)" } ?? "a decimal number"
        case .bool: return value.bool.map { "\($0)" } ?? "true or false"
        case .array: return "a list"
        case .table: return "a table"
        case .date, .time, .dateTime: return "the date or time \(value.debugDescription)"
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0 + 1)]" } ?? ".\($0.stringValue)" }.joined()
            .replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    /// `root` is the parsed file: TOMLKit reports a value of the wrong type as a missing key, so
    /// a "missing" key that is there is reported as what it is and what it should be.
    static func describe(_ error: DecodingError, file: String, root: TOMLTable? = nil) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            let keys = context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key]
            if let found = root.flatMap({ value(at: keys, in: $0) }) {
                return wrongType(found, at: keys, file: file)
            }
            return ConfigError(file: file, key: path(keys), problem: "is missing.")
        case .typeMismatch(let type, let context):
            if let found = root.flatMap({ value(at: context.codingPath, in: $0) }), expected(at: context.codingPath) != nil {
                return wrongType(found, at: context.codingPath, file: file)
            }
            return ConfigError(file: file, key: path(context.codingPath), problem: "has the wrong type; expected \(type).")
        case .valueNotFound(let type, let context):
            return ConfigError(file: file, key: path(context.codingPath), problem: "has no value; expected \(type).")
        case .dataCorrupted(let context):
            return ConfigError(file: file, key: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return ConfigError(file: file, key: "", problem: "\(error)")
        }
    }
}
