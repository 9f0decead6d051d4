import Foundation
import QueueConfig
import QueueCore
import Testing

@Suite struct HallConfigTests {
    @Test func theEmbeddedHallIsARealisticOneStopDepartment() {
        let config = HallConfigLoader.defaultHall()
        #expect(config.hall.timeZone == "Asia/Ho_Chi_Minh")
        #expect(config.services.count >= 6)
        #expect(config.counters.count == 8)
        #expect(config.service("A")?.nameVi == "Đất đai")
        #expect(config.hall.hours.sessions(onWeekday: 6).count == 1) // Saturday morning
        #expect(config.hall.hours.sessions(onWeekday: 7).isEmpty)
        #expect(config.policy.priorityBoost == 20 * 60)
    }

    func error(_ toml: String) -> ConfigError? {
        do { _ = try HallConfigLoader.parse(toml, file: "hall.toml"); return nil } catch { return error as? ConfigError }
    }

    let valid = """
    [hall]
    name = "UBND xã Tân Lập"
    level = "commune"
    sessions = ["07:30-11:30"]
    [[service]]
    id = "A"
    name_vi = "Chứng thực"
    name_en = "Certification"
    [[counter]]
    number = 1
    services = ["A"]
    """

    @Test func aSmallValidFileLoads() throws {
        let config = try HallConfigLoader.parse(valid, file: "hall.toml")
        #expect(config.hall.name == "UBND xã Tân Lập")
        #expect(config.counters[0].name == "Quầy 1")
        #expect(config.services[0].waitTarget == 15 * 60)
    }

    /// Closed days (public holidays, Tết): the hall is shut whatever the weekday, the next opening
    /// skips them, a config recorded before they existed still reads, and a bad day is a sentence.
    @Test func closedDaysShutTheHallAndTheNextOpeningSkipsThem() throws {
        let toml = valid.replacingOccurrences(of: "sessions = [\"07:30-11:30\"]",
                                              with: "sessions = [\"07:30-11:30\"]\nclosed_days = [\"2026-09-01\", \"2026-09-02\"]")
        let hours = try HallConfigLoader.parse(toml, file: "hall.toml").hall.hours
        #expect(hours.closedDays == ["2026-09-01", "2026-09-02"])
        // Tuesday 1 and Wednesday 2 September 2026 are closed; Monday 31 August and Thursday 3 are not.
        #expect(hours.isOpen(LocalTime(day: "2026-08-31", weekday: 1, minuteOfDay: 9 * 60)))
        #expect(!hours.isOpen(LocalTime(day: "2026-09-01", weekday: 2, minuteOfDay: 9 * 60)))
        #expect(hours.minutesUntilClose(LocalTime(day: "2026-09-02", weekday: 3, minuteOfDay: 9 * 60)) == 0)
        let next = try #require(hours.nextOpening(after: LocalTime(day: "2026-08-31", weekday: 1, minuteOfDay: 12 * 60)))
        #expect(next.days == 3 && next.weekday == 4 && next.minute == 7 * 60 + 30)
        // A config recorded before closed days existed (no key) reads with none.
        let old = try JSONDecoder().decode(OpeningHours.self, from: Data(#"{"days":[[],[],[],[],[],[],[]]}"#.utf8))
        #expect(old.closedDays.isEmpty)
        // A hall open on Tuesdays only, two Tuesdays closed: the next opening is three weeks on.
        let tuesdays = OpeningHours(weekdays: [2], sessions: [.init(start: 450, end: 690)], closedDays: ["2026-12-01", "2026-12-08"])
        let far = try #require(tuesdays.nextWorkingDay(after: LocalTime(day: "2026-11-30", weekday: 1, minuteOfDay: 600)))
        #expect(far.days == 15 && far.weekday == 2)
        // The same closed days are the same JSON, run after run (the coordinator records its config when it changes).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let many = OpeningHours(weekdays: [1], sessions: [], closedDays: Set((1...20).map { String(format: "2026-12-%02d", $0) }))
        let json = String(decoding: try encoder.encode(many), as: UTF8.self)
        #expect(json.contains(#""closedDays":["2026-12-01","2026-12-02","#))
        #expect(try JSONDecoder().decode(OpeningHours.self, from: Data(json.utf8)) == many)
        for notADay in ["2026-+9-02", "0000-01-01", "2026-9-02", "2026-02-29", " 2026-01-01"] { #expect(CivilDay.parts(notADay) == nil, "\(notADay)") }
        #expect(CivilDay.adding(1, to: "2028-02-28") == "2028-02-29" && CivilDay.adding(-1, to: "2027-01-01") == "2026-12-31")
        let bad = error(valid.replacingOccurrences(of: "sessions = [\"07:30-11:30\"]", with: "sessions = [\"07:30-11:30\"]\nclosed_days = [\"2026-02-30\"]"))
        #expect(bad?.description == "hall.toml: hall.closed_days: \"2026-02-30\" is not a day; write it as \"2026-09-02\".")
    }

    @Test func errorsNameTheFileTheKeyAndTheProblem() {
        let syntax = error("[hall\nname = 1")
        #expect(syntax?.description.hasPrefix("hall.toml: line 1") == true)

        let unknownService = error(valid.replacingOccurrences(of: "services = [\"A\"]", with: "services = [\"Q\"]"))
        #expect(unknownService?.key == "counter[1].services")
        #expect(unknownService?.problem.contains("\"Q\" is not defined") == true)

        let badSession = error(valid.replacingOccurrences(of: "07:30-11:30", with: "7h30"))
        #expect(badSession?.key == "hall.sessions")

        let typo = error(valid.replacingOccurrences(of: "level = ", with: "colour = \"red\"\nlevel = "))
        #expect(typo?.key == "hall.colour")
        #expect(typo?.problem.contains("unknown key") == true)

        let missing = error(valid.replacingOccurrences(of: "name_en = \"Certification\"\n", with: ""))
        #expect(missing?.key == "service[1].name_en")
        #expect(missing?.problem == "is missing.")

        let zone = error(valid.replacingOccurrences(of: "level = \"commune\"", with: "level = \"commune\"\ntime_zone = \"Mars/Olympus\""))
        #expect(zone?.key == "hall.time_zone")
    }

    @Test func aValueOfTheWrongTypeIsReportedAsTheWrongTypeNotAsMissing() {
        let decimal = error(valid.replacingOccurrences(of: "number = 1", with: "number = 4.5"))
        #expect(decimal?.key == "counter[1].number")
        #expect(decimal?.problem == "must be a whole number, not 4.5.")
        #expect(decimal?.description == "hall.toml: counter[1].number: must be a whole number, not 4.5.")

        let text = error(valid + "\n[policy]\npriority_boost_minutes = \"20\"\n")
        #expect(text?.key == "policy.priority_boost_minutes")
        #expect(text?.problem == "must be a number of minutes, not the text \"20\".")

        let notAList = error(valid.replacingOccurrences(of: "services = [\"A\"]", with: "services = \"A\""))
        #expect(notAList?.key == "counter[1].services")
        #expect(notAList?.problem.hasPrefix("must be a list of service letters") == true)
        #expect(notAList?.problem.hasSuffix("not the text \"A\".") == true)

        let element = error(valid.replacingOccurrences(of: "services = [\"A\"]", with: "services = [1]"))
        #expect(element?.key == "counter[1].services[1]")
        #expect(element?.problem == "must be a service letter in quotes, such as \"A\", not 1.")

        let flag = error(valid + "\n[board]\nannounce_english = \"yes\"\n")
        #expect(flag?.key == "board.announce_english")
        #expect(flag?.problem == "must be true or false, not the text \"yes\".")

        // A key that is really absent still says so.
        let missing = error(valid.replacingOccurrences(of: "number = 1\n", with: ""))
        #expect(missing?.key == "counter[1].number")
        #expect(missing?.problem == "is missing.")
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: ConfigError.self) { try HallConfigLoader.load(path: "/nonexistent/hall.toml") }
    }

    /// Found by fuzzing: these headers aborted the debug coordinator inside the TOML library.
    @Test(arguments: ["[[[a]]]", "[=]", "[[ [a]]", "[.a]", "[#]", "[[=]]", "  [[#]]", "[", "[[", "[ \r"])
    func aMalformedTableHeaderIsASentenceNotACrash(_ header: String) {
        #expect(throws: ConfigError.self) { try HallConfigLoader.parse(header + "\n", file: "hall.toml") }
        let message = (try? HallConfigLoader.parse(header + "\n", file: "hall.toml")).map { _ in "" } ?? ""
        #expect(message.isEmpty)
    }
}
