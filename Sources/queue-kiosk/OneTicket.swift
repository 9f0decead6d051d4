import ArgumentParser
import Foundation
import KioskModel
import QueueClient
import QueueCore
import QueueWire

/// `--issue A`: one ticket as if tapped, printed, for technicians and tests.
struct OneTicket {
    let connection: DeviceSettings
    let tickets: TicketPrinter

    func run(service: String, priority: Bool, savePNG: String?) throws {
        let settings = connection
        let requestId = UUID().uuidString
        let (reply, state) = try Blocking.run {
            let address = try await settings.locate()
            let key = try settings.key()
            let status = try await OneShot.send(.status, to: address, key: key)
            let reply = try await OneShot.send(.command(.issue(service: service, priority: priority ? .priority : .normal)),
                                               requestId: requestId, to: address, key: key)
            return (reply, status)
        }
        guard let ticket = reply.events?.last(where: { $0.kind == .issued })?.ticket, let hall = state.state else {
            throw QueueError(.noTicket, "The coordinator answered without a ticket.")
        }
        let slip = Slip(ticket: ticket, hall: hall, ahead: hall.waiting(service: service).count,
                        estimate: hall.estimatedWait(service), requestId: requestId)
        do {
            try tickets.print(slip, savePNG: savePNG)
            print("Ticket \(ticket.label) issued and printed to \(tickets.printer.address).")
        } catch {
            print("Ticket \(ticket.label) issued, but not printed: \(error)")
            throw ExitCode(1)
        }
    }
}
