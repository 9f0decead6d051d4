import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import QueueClient
import QueueCore
import QueueWire

/// Issue 17's figures: many phones following their tickets' pages by server-sent events at once.
/// What the coordinator spends on them (memory, CPU while a clerk calls) and how soon a call
/// reaches the phones whose page it changes.
struct PhonesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phones",
        abstract: "Phones following their tickets' pages by server-sent events: the coordinator's extra memory and CPU, call → phone update times.")

    @Option(help: "Phones, each following one waiting ticket.")
    var phones = 1_000

    @Option(help: "Calls made with the phones connected (and as many without, for the CPU reference).")
    var calls = 40

    func run() async throws {
        BenchDirectory.raiseFileLimit()

        let work = try BenchDirectory.make()
        defer { try? FileManager.default.removeItem(atPath: work) }
        print(BenchDirectory.machine)
        let coordinator = try await BenchCoordinator(work: work, virtualClock: true, arguments: ["--https-port", "0", "--http-port", "0"])
        defer { coordinator.stop() }
        let pid = coordinator.process.processIdentifier
        let manager = try await QueueConnection.connect(to: coordinator.address, key: coordinator.key)
        _ = try await manager.send(.command(.signIn(counter: 1, clerk: "bench")))

        // First tickets enough for every call of both rounds in any one service, then one for
        // each phone: no phone's own ticket is called, so every call takes one from ahead of
        // every phone of its service.
        let services = ["A", "B", "C", "D"]
        var pages: [(page: String, service: String)] = []
        for i in 0..<(phones + services.count * (2 * calls + 2)) {
            let service = services[i % services.count]
            guard case .issued(let issued) = try await manager.send(.command(.issue(service: service, priority: .normal))),
                  let page = issued.page else { throw QueueError(.bench, "the coordinator sent no phone page; is it serving web pages?") }
            pages.append((page, service))
        }
        let followed = Array(pages.suffix(phones))

        let quietCPU = try await callRound(manager, pid: pid, arrivals: nil)
        let before = coordinator.residentMB()

        var http = HTTPClient.Configuration()
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = phones + 16
        http.timeout.read = .seconds(120)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        let arrivals = Arrivals(services: followed.map(\.service))
        var streams: [Task<Void, Never>] = []
        for (i, phone) in followed.enumerated() {
            streams.append(Task {
                do {
                    let response = try await client.execute(HTTPClientRequest(url: phone.page + "/events"), timeout: .seconds(600))
                    guard response.status == .ok else { arrivals.failed(i, "HTTP \(response.status.code)"); return }
                    for try await chunk in response.body {
                        let events = String(buffer: chunk).components(separatedBy: "event: live").count - 1
                        if events > 0 { arrivals.add(i, count: events, at: ContinuousClock.now) }
                    }
                } catch {
                    arrivals.failed(i, "\(error)")
                }
            })
        }
        let connectStart = ContinuousClock.now
        while arrivals.phonesHeard < phones && arrivals.failures.isEmpty && ContinuousClock.now - connectStart < .seconds(120) {
            try await Task.sleep(for: .milliseconds(100))
        }
        let connected = arrivals.phonesHeard
        print("phones connected and shown their page: \(connected) of \(phones) in \(Self.seconds(ContinuousClock.now - connectStart)) s"
              + (arrivals.failures.isEmpty ? "" : "; failures: \(arrivals.failures.prefix(3))"))
        try await Task.sleep(for: .seconds(2))
        let withPhones = coordinator.residentMB()

        let busyCPU = try await callRound(manager, pid: pid, arrivals: arrivals)
        let after = coordinator.residentMB()
        let latencies = arrivals.latencies.sorted()
        print(String(format: "coordinator resident memory: %.1f MB before, %.1f MB with %d phones (+%.1f MB, %.1f KB a phone), %.1f MB after the calls",
                     before, withPhones, connected, withPhones - before, (withPhones - before) * 1024 / Double(max(1, connected)), after))
        print(String(format: "coordinator CPU per call (the call, its no-show, and every page sent): %.1f ms without phones, %.1f ms with %d phones",
                     quietCPU, busyCPU, connected))
        if !latencies.isEmpty {
            print(String(format: "call → phone update, %d updates over %d calls: p50 %.0f ms, p99 %.0f ms, max %.0f ms; phones not updated within 1 s of a call that changed their page: %d",
                         latencies.count, calls, CoordinatorBench.percentile(latencies, 0.5), CoordinatorBench.percentile(latencies, 0.99),
                         latencies.last!, arrivals.missed))
        }
        for stream in streams { stream.cancel() }
        try? await client.shutdown()
        await manager.close()
    }

    /// `calls` calls at one a second (each then marked a no-show), timing each call's updates
    /// when phones listen. Returns the coordinator's CPU ms per call.
    func callRound(_ manager: QueueConnection, pid: Int32, arrivals: Arrivals?) async throws -> Double {
        let cpu0 = BenchDirectory.cpuSeconds(pid)
        for _ in 0..<calls {
            let t0 = ContinuousClock.now
            arrivals?.startCall(at: t0)
            let reply = try await manager.send(.command(.callNext(counter: 1)))
            arrivals?.called(service: reply.calledTicket?.service)
            try await Task.sleep(until: t0 + .milliseconds(1_000))
            arrivals?.endCall()
            _ = try await manager.send(.command(.noShow(counter: 1)))
            try await Task.sleep(for: .milliseconds(200))
        }
        return (BenchDirectory.cpuSeconds(pid) - cpu0) * 1000 / Double(calls)
    }

    static func seconds(_ d: Duration) -> String { String(format: "%.1f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
}

/// When each phone's stream brought a page, and each call's updates.
final class Arrivals: Sendable {
    /// Each phone's ticket's service: a call changes the pages of the phones of its service.
    let services: [String]
    init(services: [String]) { self.services = services }

    private struct State {
        var heard: Set<Int> = []
        var failures: [String] = []
        var call: ContinuousClock.Instant?
        var updatedThisCall: Set<Int> = []
        var latencies: [Double] = []
        var missed = 0
        var calledService: String?
    }
    private let state = NIOLockedValueBox(State())

    func add(_ phone: Int, count: Int, at: ContinuousClock.Instant) {
        state.withLockedValue { s in
            s.heard.insert(phone)
            if let call = s.call, !s.updatedThisCall.contains(phone) {
                s.updatedThisCall.insert(phone)
                let d = at - call
                s.latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
            }
        }
    }

    func failed(_ phone: Int, _ why: String) { state.withLockedValue { $0.failures.append("phone \(phone): \(why)") } }

    func startCall(at: ContinuousClock.Instant) {
        state.withLockedValue { s in
            s.call = at
            s.updatedThisCall = []
            s.calledService = nil
        }
    }

    func called(service: String?) { state.withLockedValue { $0.calledService = service } }

    /// The phones of the called service each have one fewer ahead: all of them should have heard.
    func endCall() {
        let services = services
        state.withLockedValue { s in
            let expected = s.heard.filter { services[$0] == s.calledService }
            s.missed += expected.subtracting(s.updatedThisCall).count
            s.call = nil
        }
    }

    var phonesHeard: Int { state.withLockedValue { $0.heard.count } }
    var failures: [String] { state.withLockedValue { $0.failures } }
    var latencies: [Double] { state.withLockedValue { $0.latencies } }
    var missed: Int { state.withLockedValue { $0.missed } }
}
