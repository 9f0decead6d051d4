import Foundation
import NIOConcurrencyHelpers
import QueueClient
import QueueCore
import QueueTestSupport
import QueueWire
import Testing

@Suite(.serialized) struct DurabilityTests {
    @Test func aSigkillDuringA32ClientIssueLoadLosesNoAcknowledgedTicketAndDuplicatesNoNumber() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let key = coordinator.managerKey
        let address = coordinator.address
        let acknowledged = NIOLockedValueBox<[Ticket]>([])
        let services = ["A", "B", "C", "D", "E", "F", "G"]

        // 32 clients issue as fast as they can; the coordinator is killed while they do.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<32 {
                    group.addTask {
                        guard let connection = try? await QueueConnection.connect(to: address, key: key) else { return }
                        for i in 0..<120 {
                            let request = Request.command(.issue(service: services[(client + i) % services.count], priority: .normal))
                            guard let reply = try? await connection.send(request, requestId: "c\(client)-\(i)"),
                                  let ticket = reply.issuedTicket else { return }
                            acknowledged.withLockedValue { $0.append(ticket) }
                        }
                    }
                }
            }
        }
        while acknowledged.withLockedValue({ $0.count }) < 600 { try await Task.sleep(for: .milliseconds(5)) }
        coordinator.kill(SIGKILL)
        await load.value
        let acked = acknowledged.withLockedValue { $0 }
        #expect(acked.count >= 600)

        try await coordinator.restart()
        let state = try await coordinator.status()
        let stored = Dictionary(uniqueKeysWithValues: state.tickets.values.map { ($0.id, $0) })
        for ticket in acked {
            #expect(stored[ticket.id]?.label == ticket.label, "acknowledged \(ticket.label) (id \(ticket.id)) is missing after the crash")
        }
        let labels = state.tickets.values.map(\.label)
        #expect(Set(labels).count == labels.count, "a number was given twice")
        // Numbering carries on after the crash without reusing a number.
        let next = try await coordinator.send(.command(.issue(service: "A", priority: .normal))).issuedTicket!
        #expect(!labels.contains(next.label))
    }

    @Test func aRetriedRequestActsOnceEvenAcrossARestart() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let first = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-1")
        let again = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-1")
        #expect(first.events == again.events)
        try await coordinator.restart()
        let afterRestart = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-1")
        #expect(afterRestart.events == first.events)
        #expect(try await coordinator.status().tickets.count == 1)
        let other = try await coordinator.send(.command(.issue(service: "A", priority: .normal)), requestId: "tap-2")
        #expect(other.issuedTicket?.label == "A002")
    }

    @Test func aDoubleTapInOneBatchStillIssuesOneTicket() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let connection = try await coordinator.connect()
        async let a = connection.send(.command(.issue(service: "B", priority: .normal)), requestId: "double")
        async let b = connection.send(.command(.issue(service: "B", priority: .normal)), requestId: "double")
        let (x, y) = try await (a, b)
        #expect(x.events == y.events)
        #expect(try await coordinator.status().tickets.count == 1)
    }

    @Test func theQueuectlBinaryIssuesAndRefusesLikeAPerson() async throws {
        let coordinator = try await CoordinatorProcess()
        try await coordinator.openTheHall()
        let common = ["--coordinator", "127.0.0.1:\(coordinator.port)", "--state-dir", coordinator.stateDir]
        let issued = try await run("queuectl", ["issue", "--service", "a", "--json", "--request-id", "cli-1"] + common)
        #expect(issued.status == 0)
        #expect(issued.out.contains("\"label\" : \"A001\""))
        let human = try await run("queuectl", ["issue", "--service", "A", "--request-id", "cli-1"] + common)
        #expect(human.out.hasPrefix("Ticket A001"))
        let refused = try await run("queuectl", ["call", "--counter", "3"] + common)
        #expect(refused.status == 1)
        #expect(refused.err == "queuectl: No clerk is signed in at counter 3; sign in first.\n")
    }

    func run(_ tool: String, _ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run(CoordinatorProcess.binary(tool), arguments)
    }
}
