import ArgumentParser
import Foundation
import QueueCore
import QueueWire

extension Queuectl {
    struct AppointmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "appointment", abstract: "Booked appointments: capacity, booking, the list, cancelling (manager).",
            discussion: "A citizen books a service at a 15-minute slot and gets a six-digit code; at the kiosk they tap \"Booked an appointment?\" and type it. docs/APPOINTMENTS.md tells how the queue serves them.",
            subcommands: [Capacity.self, Book.self, List.self, Cancel.self])

        struct Capacity: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "capacity", abstract: "Set how many appointments a service takes per 15-minute slot (0: none).")
            @Option(help: "The service, e.g. A.") var service: String
            @Option(help: "Bookings per 15-minute slot, 0 to \(Appointments.maxCapacity).") var perSlot: Int
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                try await connection.run(.setAppointmentCapacity(service: service.uppercased(), perSlot: perSlot), human: Output.capacity)
            }
        }

        struct Book: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "book", abstract: "Book a slot and print the code to give the citizen.")
            @Option(help: "The service, e.g. A.") var service: String
            @Option(help: "The day, YYYY-MM-DD.") var day: String
            @Option(help: "The slot's start, HH:MM on the quarter hour, e.g. 09:15.") var time: String
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                guard let minute = ClockText.minutes(time) else { throw ValidationError("--time is HH:MM, e.g. 09:15.") }
                try await connection.run(.bookAppointment(service: service.uppercased(), day: day, minute: minute)) { reply, _ in
                    guard case .appointments(let booked, _) = reply, let a = booked.first else { return "No appointment in the reply." }
                    return "Booked service \(a.service) on \(a.day) at \(a.time): code \(a.code).\n"
                        + "Give the citizen the code; at the kiosk they tap \"Booked an appointment?\" and type it, from any time that day."
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The bookings of a day (or days), and each service's capacity.")
            @Option(help: "The day, YYYY-MM-DD (default: today on this machine's clock).") var day: String?
            @Option(help: "The last day, for several days from --day.") var to: String?
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                let from = day ?? LocalTime(Date(), in: .current).day
                try await connection.run(.appointments(from: from, to: to ?? from), human: Output.appointments)
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a booking not yet checked in; its slot is free again.")
            @Option(help: "The day, YYYY-MM-DD.") var day: String
            @Option(help: "The six-digit code.") var code: String
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                try await connection.run(.cancelAppointment(day: day, code: code)) { reply, _ in
                    guard case .appointments(let cancelled, _) = reply, let a = cancelled.first else { return "No appointment in the reply." }
                    return "Cancelled \(a.code): service \(a.service) on \(a.day) at \(a.time)."
                }
            }
        }
    }
}

extension Output {
    static func capacity(_ reply: Reply, _ zone: TimeZone) -> String {
        guard case .appointments(_, let capacity) = reply else { return "No capacity in the reply." }
        let taking = capacity.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        guard !taking.isEmpty else { return "No service takes appointments." }
        return "Appointments per 15-minute slot: " + taking.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    static func appointments(_ reply: Reply, _ zone: TimeZone) -> String {
        guard case .appointments(let list, _) = reply else { return "No appointments in the reply." }
        var lines = list.isEmpty ? ["No bookings."] : ["Day         Time   Service  Code    State"]
        for a in list {
            let state: String
            if let label = a.label {
                state = "checked in \(Output.time(a.checkedInAt, zone)) as \(label)"
            } else if a.cancelledAt != nil {
                state = "cancelled"
            } else {
                state = "booked"
            }
            lines.append("\(a.day)  \(a.time)  \(a.service.padding(toLength: 7, withPad: " ", startingAt: 0))  \(a.code)  \(state)")
        }
        lines.append(capacity(reply, zone))
        return lines.joined(separator: "\n")
    }
}
