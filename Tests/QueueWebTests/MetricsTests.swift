import Foundation
import QueueCore
import QueueServer
import QueueWire
import Testing

/// Issue 15: `/metrics` for the IT department's Prometheus: requests by op and outcome, commit
/// times, citizens waiting per service, connected devices, the writer's health.
@Suite struct MetricsTests {
    @Test func metricsCountRequestsOutcomesAndTheWaiting() async throws {
        let hall = try WebHarness()
        try await hall.run { browser in
            let services = await hall.state().config.services.map(\.id)
            for _ in 0..<3 { _ = await hall.issue(services[0]) }
            _ = await hall.issue(services[1])
            let refused = await hall.perform(.command(.issue(service: "no-such-service", priority: .normal)))
            #expect(throws: QueueError.self) { try refused.get() }

            // The writer counts after it has replied, so the last refusal may reach the page a moment later.
            let refusedIssue = ["op=\"issue\"", "outcome=\"unknown-service\""]
            var page = try await browser.get("/metrics")
            var lines: [String] = []
            func value(_ name: String, _ labels: [String] = []) -> Double? {
                lines.first { $0.hasPrefix(name) && labels.allSatisfy($0.contains) }.flatMap { Double($0.split(separator: " ").last ?? "") }
            }
            for _ in 0..<50 {
                lines = page.body.split(separator: "\n").map(String.init)
                if value("queue_requests_total", refusedIssue) != nil { break }
                try await Task.sleep(for: .milliseconds(100))
                page = try await browser.get("/metrics")
            }
            #expect(page.status == .ok)
            #expect(value("queue_requests_total", ["op=\"issue\"", "outcome=\"ok\""]) == 4, "\(page.body)")
            // Reads are not counted; the writer's changes are.
            #expect(value("queue_requests_total", ["op=\"status\""]) == nil)
            #expect(value("queue_requests_total", refusedIssue) == 1, "\(page.body)")
            #expect(value("queue_waiting_citizens", ["service=\"\(services[0])\""]) == 3)
            #expect(value("queue_waiting_citizens", ["service=\"\(services[1])\""]) == 1)
            #expect((value("queue_commit_seconds_count") ?? 0) >= 4)
            #expect(value("queue_writer_healthy") == 1)
            #expect(value("queue_connected_devices", ["role=\"kiosk\""]) == 0)
            #expect(lines.contains { $0.hasPrefix("# HELP queue_waiting_citizens") })
            // Counts and lengths only: no ticket numbers, names or keys.
            #expect(!page.body.contains("A00") && !page.body.lowercased().contains("key"))
        }
    }
}
