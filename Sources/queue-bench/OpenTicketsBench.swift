import Foundation
import QueueClient
import QueueCore
import QueueWire

/// Issue 11: does one operation cost more when many tickets are open? One coordinator is filled
/// with waiting tickets level by level (pipelined issues, many per commit); at each level one
/// client issues `count` tickets one after another, then counter 1 (serving A–D) calls, starts
/// and finishes `count`, the call timed. Issues and calls balance, so the level holds meanwhile.
extension CoordinatorBench {
    static let services = ["A", "B", "C", "D"]

    static func openTickets(binary: String, work: String, levels: [Int], count: Int = 1_000) async throws -> Figures {
        let coordinator = try await BenchCoordinator(work: BenchDirectory.subdirectory(of: work), binary: binary)
        defer { coordinator.stop() }
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))
        var open = 0
        var figures = Figures()
        for level in levels.sorted() {
            while open < level {
                let issues = (0..<min(1_000, level - open)).map { i in
                    (request: Request.command(.issue(service: services[i % 4], priority: .normal)), requestId: String?.none)
                }
                for case .failure(let error) in try await manager.sendInOrder(issues) {
                    throw FillRefused(description: "filling the hall: \(error.message)")
                }
                open += issues.count
            }
            // For `perf record -p`: which coordinator is at which level now.
            FileHandle.standardError.write(Data("\(open) open, coordinator pid \(coordinator.process.processIdentifier)\n".utf8))
            var issued: [Double] = [], called: [Double] = []
            for i in 0..<count {
                issued.append(try await timed { _ = try await manager.send(.command(.issue(service: services[i % 4], priority: .normal))) })
            }
            for _ in 0..<count {
                called.append(try await timed { _ = try await manager.send(.command(.callNext(counter: 1))) })
                _ = try await manager.send(.command(.start(counter: 1)))
                _ = try await manager.send(.command(.finish(counter: 1)))
            }
            issued.sort()
            called.sort()
            figures += [("issue p50 ms, \(level) open", percentile(issued, 0.5)), ("issue p99 ms, \(level) open", percentile(issued, 0.99)),
                        ("call p50 ms, \(level) open", percentile(called, 0.5)), ("call p99 ms, \(level) open", percentile(called, 0.99))]
        }
        await manager.close()
        return figures
    }

    /// Milliseconds `work` took.
    static func timed(_ work: () async throws -> Void) async rethrows -> Double {
        let elapsed = try await ContinuousClock().measure(work)
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}

struct FillRefused: Error, CustomStringConvertible {
    var description: String
}
