import Foundation
import NIOConcurrencyHelpers
import NIOCore
import QueueClient
import QueueCore
import QueueTestSupport
import Testing

/// A connection that `connect` hands out is never closed afterwards by its own handshake timer.
/// The timer used to be cancelled by the connecting task; on a busy machine that task can resume
/// after the deadline although the handshake was done in time, and the timer then closed a
/// connection already in use: its first request failed as "lost" (seen in CI).
@Suite struct HandshakeTimerTests {
    @Test func aConnectionHandedOutJustBeforeTheDeadlineStaysOpen() async throws {
        let coordinator = try await HallInProcess()
        let key = coordinator.managerKey
        // How long a handshake takes here.
        var durations: [Duration] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            let c = try await QueueConnection.connect(to: coordinator.address, key: key)
            durations.append(ContinuousClock.now - start)
            await c.close()
        }
        let typical = durations.sorted()[10]
        let micros = Int64(typical.components.seconds * 1_000_000 + typical.components.attoseconds / 1_000_000_000_000)
        // Meanwhile the cooperative threads are kept busy, as other tests and process waits keep
        // them on a 2-core machine, so a finished handshake's task often resumes late.
        let stop = NIOLockedValueBox(false)
        let busy = (0..<4).map { _ in
            Task.detached {
                while !stop.withLockedValue({ $0 }) { usleep(3_000); await Task.yield() }
            }
        }
        defer { stop.withLockedValue { $0 = true } }
        var handedOut = 0, lost = 0
        for attempt in 0..<150 {
            // Deadlines from just under to well over a typical handshake.
            let timeout = TimeAmount.microseconds(micros * Int64(80 + attempt % 60) / 100)
            let connection: QueueConnection
            do { connection = try await QueueConnection.connect(to: coordinator.address, key: key, timeout: timeout) } catch { continue }
            handedOut += 1
            do { _ = try await connection.send(.status) } catch { lost += 1 }
            await connection.close()
        }
        stop.withLockedValue { $0 = true }
        for task in busy { await task.value }
        #expect(handedOut > 0, "no connection was made in time; the deadlines are too short for this machine")
        #expect(lost == 0, "\(lost) of \(handedOut) connections handed out were closed by their handshake timer")
    }
}
