import Foundation
import QueueConfig
import QueueCore
import QueueSimulator
import QueueWire
import Testing

/// The demo's live traffic, played through the real domain minute by minute.
@Suite struct LiveTrafficTests {
    /// Runs `minutes` one-minute steps from `start`, applying every request the traffic asks for.
    func play(from start: Date, minutes: Int, seed: UInt64 = 7) -> (HallState, refused: [ErrorCode], asked: Int) {
        var hall = HallState(config: HallConfigLoader.defaultHall())
        var traffic = LiveTraffic(config: hall.config, seed: seed)
        var refused: [ErrorCode] = []
        var asked = 0
        var now = start
        for _ in 0..<minutes {
            for request in traffic.step(hall, from: now, to: now + 60) {
                guard case .command(let command) = request else { continue }
                asked += 1
                if case .failure(let error) = hall.perform(command, by: "traffic", at: now + 60) { refused.append(error.code) }
            }
            now += 60
        }
        return (hall, refused, asked)
    }

    @Test func aMorningFillsTheHallAndClerksServeIt() {
        let monday0725 = Date(timeIntervalSince1970: 1_796_000_400 - 35 * 60)
        let (hall, refused, asked) = play(from: monday0725, minutes: 150)
        #expect(asked > 100)
        #expect(hall.counters.values.allSatisfy { $0.status != .closed }, "every clerk signed in")
        #expect((hall.nextNumber.values.reduce(0) { $0 + $1 } - hall.nextNumber.count) > 40, "citizens arrived")
        #expect(hall.recentServiceTimes.values.contains { !$0.isEmpty }, "some were served")
        // Traffic only asks what a clerk could do at that moment.
        #expect(refused.isEmpty, "refused: \(Set(refused))")
    }

    @Test func nothingArrivesOnASundayAndClerksStayHome() {
        let sunday0900 = Date(timeIntervalSince1970: 1_796_000_400 - 23 * 3600)
        let (hall, _, asked) = play(from: sunday0900, minutes: 60)
        #expect(asked == 0)
        #expect(hall.tickets.isEmpty)
    }

    @Test func theSameSeedPlaysTheSameMorning() {
        let start = Date(timeIntervalSince1970: 1_796_000_400)
        #expect(play(from: start, minutes: 60, seed: 3).0 == play(from: start, minutes: 60, seed: 3).0)
    }
}
