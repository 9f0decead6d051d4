import Drawing
import Foundation
import QueueConfig
import QueueCore

/// Every character is 0.55 em wide, lines are 1.3 em: close enough to a sans font to test fitting.
struct FakeMeasurer: TextMeasurer {
    func measure(_ text: String, size: Int, bold: Bool) -> (w: Int, h: Int) {
        (Int(Double(text.count * size) * (bold ? 0.6 : 0.55)), Int(Double(size) * 1.3))
    }
}

/// A morning in the sample hall, built through the real domain.
struct Morning {
    var state = HallState(config: HallConfigLoader.defaultHall())
    var now = Date(timeIntervalSince1970: 1_796_000_400) // Mon 2026-11-30 08:00 Hanoi

    @discardableResult
    mutating func run(_ command: Command) -> [Event] {
        try! state.perform(command, by: "test", at: now).get()
    }
}
