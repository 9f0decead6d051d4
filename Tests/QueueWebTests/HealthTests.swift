import Foundation
import QueueCore
@testable import QueueServer
import QueueWire
import Testing

/// `/health` for a monitoring probe: 200 "ok" while the writer takes its 10 s ticks and the
/// database its commits; 503 with what is wrong when the writer is stuck or the disk refuses.
@Suite struct HealthTests {
    @Test func aStuckWriterOrARefusingDiskIsUnhealthyAndSaysWhy() {
        let health = WriterHealth()
        let start = Date()
        health.start(at: start)
        #expect(health.report(now: start + 5).healthy, "a coordinator just started has time for its first tick")
        let stuck = health.report(now: start + 31)
        #expect(!stuck.healthy && stuck.message.contains("has taken nothing for 31 s"))
        health.alive(at: start + 40)
        #expect(health.report(now: start + 45).healthy)
        // A refused commit stays until one succeeds, whatever ticks the writer takes meanwhile.
        health.committed(error: "disk I/O error at /var/lib/queue-coordinator/queue.sqlite", at: start + 50)
        health.alive(at: start + 51)
        let refused = health.report(now: start + 52)
        #expect(!refused.healthy && refused.message.contains("refused a commit 2 s ago"))
        #expect(!refused.message.contains("/var/lib"), "the page needs no sign-in: no paths")
        health.committed(error: nil, at: start + 60)
        #expect(health.report(now: start + 61) == .init(healthy: true, message: "ok"))
    }

    @Test func theHealthPageNeedsNoSessionAndSaysOk() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let page = try await browser.get("/health")
            #expect(page.status == .ok && page.body == "ok\n")
        }
    }
}
