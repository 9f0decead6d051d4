import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Plays simulated days on a real coordinator over the wire, on its virtual clock. Each day is
/// planned by `DayPlanner` against a model of the hall taken from the coordinator's own status,
/// then sent as one ordered script of clock moves and commands, pipelined on one manager
/// connection so many share each group commit. Every reply is checked against the plan, and at
/// the end the coordinator's state must equal the model's: the coordinator decides and records
/// everything; the model only knows in advance what it will decide.
public struct Simulation: Sendable {
    public var scenario: Scenario
    public var seed: UInt64

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
    }

    /// What one simulated day did.
    public struct DayResult: Sendable {
        public var day: String
        public var issued: Int
        public var requests: Int
        public var seconds: Double
    }

    /// Requests sent before waiting for their replies.
    static let chunk = 4_000

    /// Plays `days` (local "YYYY-MM-DD", ascending), then moves the clock to the next midnight so
    /// the last day closes and its open tickets are recorded as open at close.
    public func run(days: [String], on connection: QueueConnection, progress: (DayResult) -> Void = { _ in }) async throws -> [DayResult] {
        let status = try await connection.send(.status)
        guard var model = status.state, var clock = status.now?.milliseconds else {
            throw QueueError(.simulation, "The coordinator's status had no hall state.")
        }
        let zone = model.timeZone
        if let first = days.first, let start = LocalTime.startOfDay(first, in: zone)?.milliseconds, start < clock {
            throw QueueError(.clockAhead, "The hall's virtual clock is already at \(LocalTime(Date(milliseconds: clock), in: zone).day), after \(first); simulate a later date or start with a fresh --state-dir.")
        }
        var results: [DayResult] = []
        var requestNumber = 0
        for day in days {
            let started = ContinuousClock.now
            var planner = DayPlanner(model: model, scenario: scenario, seed: seed, day: day)
            let steps = planner.plan(day: day)
            var script: [(request: Request, requestId: String?, step: Step?)] = []
            for step in steps {
                if step.at != clock {
                    requestNumber += 1
                    script.append((.setClock(Date(milliseconds: step.at)), "sim-\(seed)-\(requestNumber)", nil))
                    clock = step.at
                }
                requestNumber += 1
                script.append((.command(step.command), "sim-\(seed)-\(requestNumber)", step))
            }
            for start in stride(from: 0, to: script.count, by: Self.chunk) {
                let part = script[start..<min(script.count, start + Self.chunk)]
                let replies = try await connection.sendInOrder(part.map { ($0.request, $0.requestId) })
                for (entry, reply) in zip(part, replies) { try Self.check(reply, entry.step, entry.request, zone) }
            }
            model = planner.model
            let elapsed = ContinuousClock.now - started
            let result = DayResult(day: day, issued: steps.filter { if case .issue = $0.command { return true }; return false }.count,
                                   requests: script.count,
                                   seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            results.append(result)
            progress(result)
        }
        if let last = days.last, let close = LocalTime.startOfDay(DayPlanner.dayAfter(last, zone), in: zone), close.milliseconds > clock {
            let reply = try await connection.send(.setClock(close))
            for event in reply.events { model.apply(event) }
        }
        let final = try await connection.send(.status)
        guard let state = final.state, state.tickets == model.tickets, state.counters == model.counters, state.day == model.day else {
            throw QueueError(.simulationDiverged, "After the simulation the coordinator's hall differs from the simulator's model; this is a bug in one of them.")
        }
        return results
    }

    static func check(_ result: Result<Reply, QueueError>, _ step: Step?, _ request: Request, _ zone: TimeZone) throws {
        let when = step.map { " at \(LocalTime(Date(milliseconds: $0.at), in: zone).day) \(ClockText.text(LocalTime(Date(milliseconds: $0.at), in: zone).minuteOfDay))" } ?? ""
        let reply: Reply
        switch result {
        case .success(let r): reply = r
        case .failure(let error):
            throw QueueError(.simulationDiverged, "The coordinator refused \(request)\(when): \(error.message). The simulator expected it to succeed.")
        }
        guard let expected = step?.expectedLabel else { return }
        let got: String?
        if case .issued(let issued) = reply { got = issued.ticket.label } else { got = reply.calledTicket?.label }
        guard got == expected else {
            throw QueueError(.simulationDiverged, "For \(request)\(when) the coordinator gave \(got ?? "nothing"), the simulator's model \(expected).")
        }
    }

    /// Plans `days` for a hall with no coordinator and hands over each day's events, as the
    /// coordinator would have committed them: for filling a large database quickly (the report
    /// benchmark). The last day is closed at the next midnight.
    public func offlineEvents(days: [String], config: HallConfig, _ body: ([Event]) throws -> Void) rethrows {
        var model = HallState(config: config)
        for day in days {
            var planner = DayPlanner(model: model, scenario: scenario, seed: seed, day: day, recordEvents: true)
            _ = planner.plan(day: day)
            model = planner.model
            try body(planner.events ?? [])
        }
        if let last = days.last, let close = LocalTime.startOfDay(DayPlanner.dayAfter(last, model.timeZone), in: model.timeZone),
           case .success(let changes) = model.decide(.tick, now: close) {
            try body(model.record(changes, by: Event.coordinator, at: close))
        }
    }
}
