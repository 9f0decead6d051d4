import ArgumentParser
import Foundation
import KioskModel
import QueueClient
import QueueCore
import QueueWire

/// `--issue A` (or `--check-in CODE`): one ticket as if tapped (or checked in), printed, for
/// technicians and tests.
struct OneTicket {
    let connection: DeviceSettings
    let tickets: TicketPrinter

    func run(_ request: Request, savePNG: String?) throws {
        let settings = connection
        let requestId = UUID().uuidString
        // One connection: the hall (for the service's names on the ticket), then the ticket, whose
        // reply says how many are ahead and the estimated wait. A lost link is tried again with
        // the same request id, so it is still one ticket.
        let (reply, status) = try Blocking.run {
            try await OneShot.retrying(to: try await settings.locate(), key: try settings.key()) { connection in
                let status = try await connection.send(.status)
                let reply = try await connection.send(request, requestId: requestId)
                return (reply, status)
            }
        }
        guard case .issued(let issued) = reply, let hall = status.state else {
            throw QueueError(.noTicket, "The coordinator answered without a ticket.")
        }
        let ticket = issued.ticket
        let ahead = issued.ahead ?? hall.ahead(of: ticket)
        var slip = Slip(ticket: ticket, hall: hall, ahead: ahead, estimate: issued.estimate, requestId: requestId)
        slip.page = issued.page
        slip.appointment = issued.appointment.map { AppointmentNote($0, ticket: ticket) }
        do {
            try tickets.print(slip, savePNG: savePNG)
            print("Ticket \(ticket.label) issued and printed to \(tickets.printer.address).")
        } catch {
            print("Ticket \(ticket.label) issued, but not printed: \(error)")
            throw ExitCode(1)
        }
    }
}
