import Foundation
import QueueClient
import Testing

/// How a board or kiosk tries again and what it logs while the coordinator is away.
@Suite struct ReconnectTests {
    @Test func theWaitDoublesFrom250msTo5sAndStartsOverAfterASuccess() {
        var backoff = Backoff()
        let middle = (0..<8).map { _ in backoff.next(unit: 0.5) } // no jitter at the middle of the range
        #expect(middle == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5)])
        backoff.succeeded()
        #expect(backoff.next(unit: 0.5) == .milliseconds(250))
    }

    @Test func jitterStaysWithinAFifthEitherWay() {
        var low = Backoff(), high = Backoff()
        for _ in 0..<10 { _ = low.next(); _ = high.next() }
        #expect(low.next(unit: 0) == .seconds(4))
        #expect(high.next(unit: 0.999_999) < .seconds(6) && high.next(unit: 0.999_999) > .milliseconds(5_999))
    }

    @Test func anHourOutageLogsOneLineWhenLostOneAMinuteAndOneWhenBack() {
        var log = LinkLog()
        let start = Date(timeIntervalSince1970: 0)
        var backoff = Backoff()
        var t = start
        var lines: [String] = []
        while t < start + 3600 {
            if let line = log.failed("connection refused", now: t) { lines.append(line) }
            t += Double(backoff.next().components.seconds) + Double(backoff.next().components.attoseconds) / 1e18
        }
        if let line = log.connected(now: t) { lines.append(line) }
        #expect(lines.first == "lost the coordinator: connection refused; retrying")
        #expect(lines.count >= 55 && lines.count <= 62, "\(lines.count) lines")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix("still no coordinator after ") })
        #expect(lines.last?.hasPrefix("coordinator back after 1 h 0 min") == true || lines.last?.hasPrefix("coordinator back after 1 h") == true, "\(lines.last ?? "")")
        // Connected again with no loss: nothing to say.
        #expect(log.connected(now: t + 1) == nil)
    }
}
