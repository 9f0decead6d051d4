import Foundation
import QueueConfig
import QueueCore

/// A hall driven in memory, the way the coordinator drives it: decide, then apply.
struct TestHall {
    var state: HallState
    var now: Date
    var seq: Int64 = 0

    /// Monday 2026-11-30 08:00 in Asia/Ho_Chi_Minh (01:00 UTC).
    static let mondayMorning = Date(timeIntervalSince1970: 1_796_000_400)

    init(config: HallConfig = HallConfigLoader.defaultHall(), now: Date = TestHall.mondayMorning) {
        state = HallState(config: config)
        self.now = now
    }

    @discardableResult
    mutating func run(_ command: Command, device: String = "test") throws -> [Event] {
        let events = try state.perform(command, by: device, at: now).get()
        seq += Int64(events.count)
        return events
    }

    mutating func refusal(_ command: Command) -> QueueError? {
        if case .failure(let error) = state.decide(command, now: now) { return error }
        return nil
    }

    mutating func issue(_ service: String, _ priority: PriorityClass = .normal) throws -> Ticket {
        try run(.issue(service: service, priority: priority)).last!.ticket!
    }

    mutating func callNext(_ counter: Int) throws -> Ticket {
        try run(.callNext(counter: counter)).last { $0.kind == .called }!.ticket!
    }

    mutating func advance(minutes: Double) { now += minutes * 60 }
}
