import ArgumentParser
import CommandOptions
import Foundation
import QueueClient
import QueueCore
import QueueSimulator

extension Queuectl {
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulate days of a realistic hall on a real coordinator, on its virtual clock.",
            discussion: """
            Runs its own coordinator in this process (as queue-coordinator --clock virtual), its state in --state-dir
            (queue.sqlite, hall.toml, manager.key, coordinator.log), and drives it over the wire. Same seed, same data. Afterwards:
              queuectl report --db STATE-DIR/queue.sqlite --date D
            Running again on the same --state-dir continues the same hall at a later date.
            """)

        @Option(help: "First local day to simulate, YYYY-MM-DD.") var date: String
        @Option(help: "Number of consecutive days (closed days have no tickets).") var days = 1
        @Option(help: "Random seed; the same seed gives the same data.") var seed: UInt64 = 1
        @Option(help: "Tickets issued per open day (default 40 per counter).") var tickets: Int?
        @Option(help: "Counters: the sample hall's services with this many counters. Default: the sample hall's 8, or those in --config.") var counters: Int?
        @Option(help: "A hall config file (TOML) to simulate instead of the sample hall.") var config: String?
        @Option(help: "Where the simulated coordinator keeps its database and config.") var stateDir = "simulated-hall"

        func validate() throws {
            guard DayRange.isDay(date) else { throw ValidationError("--date \(date) is not a day; write it as YYYY-MM-DD.") }
            guard (1...400).contains(days) else { throw ValidationError("--days must be 1 to 400.") }
            if let tickets, !(0...99_999).contains(tickets) { throw ValidationError("--tickets must be 0 to 99,999.") }
        }

        func run() async throws {
            if let config { try Queuectl.CheckConfig.guarded(config) }
            let toml = try SimulatedHall.toml(configPath: config, counters: counters)
            let hall = try SimulatedHall.parse(toml, file: config ?? "<sample hall>")
            let zone = TimeZone(identifier: hall.hall.timeZone) ?? .gmt
            guard let start = LocalTime.startOfDay(date, in: zone) else { throw QueueError(.date, "\(date) is not a day in \(zone.identifier).") }
            var dayList: [String] = []
            for i in 0..<days { dayList.append(LocalTime(start.addingTimeInterval(Double(i) * 86_400 + 12 * 3600), in: zone).day) }
            let perDay = tickets ?? 40 * hall.counters.count
            let coordinator = try await LocalCoordinator.start(stateDir: stateDir, configText: toml, clockStart: start)
            let connection: QueueConnection
            do { connection = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key) } catch {
                await coordinator.stop()
                throw error
            }
            print("\(hall.hall.name): \(hall.counters.count) counters, \(hall.services.count) services, \(perDay) tickets per open day, seed \(seed)")
            let simulation = Simulation(scenario: Scenario(ticketsPerDay: perDay), seed: seed)
            let started = ContinuousClock.now
            let results: [Simulation.DayResult]
            do {
                results = try await simulation.run(days: dayList, on: connection) { r in
                    print(r.issued == 0 ? "\(r.day)  closed" : String(format: "%@  %5d tickets  %6d requests  %6.2f s", r.day, r.issued, r.requests, r.seconds))
                }
            } catch {
                await connection.close()
                await coordinator.stop()
                throw error
            }
            // Stopped gracefully: everything is committed and the database closed before the report line.
            await connection.close()
            await coordinator.stop()
            let elapsed = ContinuousClock.now - started
            let db = (stateDir as NSString).appendingPathComponent(LocalCoordinator.databaseFile)
            print(String(format: "%d days, %d tickets in %.2f s. Database: %@", results.count, results.map(\.issued).reduce(0, +),
                         Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, db))
            print("Report: queuectl report --db \(db) --from \(dayList.first!) --to \(dayList.last!)")
        }
    }
}
