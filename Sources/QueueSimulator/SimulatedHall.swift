import Foundation
import QueueConfig
import QueueCore

/// The hall a simulation runs: a given config file, or the embedded sample hall, optionally
/// with its counters replaced by `counters` generated ones. Generated counters are shared out
/// by each service's expected workload (arrival share × service time), each also taking the
/// next service as its second, so a 20-counter hall has several land and certification counters.
public enum SimulatedHall {
    /// The config text to run with (written beside the database as hall.toml).
    public static func toml(configPath: String?, counters: Int?) throws -> String {
        if let configPath {
            guard let data = FileManager.default.contents(atPath: configPath), let text = String(data: data, encoding: .utf8) else {
                throw QueueError(.config, "Cannot read the hall config \(configPath); check that it exists and is UTF-8 text.")
            }
            let config = try parse(text, file: configPath)
            if let counters, counters != config.counters.count {
                throw QueueError(.config, "\(configPath) has \(config.counters.count) counters, not \(counters); drop --counters or edit the file.")
            }
            return text
        }
        let sample = DefaultHall.toml
        guard let counters, counters != HallConfigLoader.defaultHall().counters.count else { return sample }
        guard (1...200).contains(counters) else { throw QueueError(.config, "--counters must be 1 to 200.") }
        let head = sample.components(separatedBy: "[[counter]]").first ?? sample
        return head + generatedCounters(counters, config: HallConfigLoader.defaultHall())
    }

    public static func parse(_ text: String, file: String) throws -> HallConfig {
        do { return try HallConfigLoader.parse(text, file: file) } catch {
            throw QueueError(.config, "\(error)")
        }
    }

    static func generatedCounters(_ n: Int, config: HallConfig) -> String {
        let mix = Scenario(ticketsPerDay: 1).mix(config)
        let work = mix.map { $0.share * $0.minutes }
        let total = work.reduce(0, +)
        // Largest remainder: each service gets at least one counter when n allows.
        var seats = work.map { n >= mix.count ? max(1, Int(Double(n) * $0 / total)) : 0 }
        while seats.reduce(0, +) > n, let i = seats.indices.max(by: { seats[$0] < seats[$1] }) { seats[i] -= 1 }
        while seats.reduce(0, +) < n {
            let i = work.indices.max { work[$0] / Double(seats[$0] + 1) < work[$1] / Double(seats[$1] + 1) }!
            seats[i] += 1
        }
        var out = ""
        var number = 0
        for (i, count) in seats.enumerated() {
            for _ in 0..<count {
                number += 1
                let second = mix[(i + 1) % mix.count].service.id
                out += "[[counter]]\nnumber = \(number)\nname = \"Quầy \(number)\"\nservices = [\"\(mix[i].service.id)\", \"\(second)\"]\n\n"
            }
        }
        return out
    }
}
