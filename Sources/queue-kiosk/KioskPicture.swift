import Foundation
import KioskModel
import Print
import QueueClient
import QueueCore
import QueueWire
import Render

/// `--render-png`: one kiosk screen of the live hall, drawn in memory.
struct KioskPicture {
    let fonts: Fonts
    let width: Int
    let height: Int

    /// When the coordinator cannot be reached it draws the out-of-service screen, as the running
    /// kiosk does.
    func render(_ kiosk: Kiosk, screen: String, to path: String, connection: DeviceSettings) throws {
        var kiosk = kiosk
        let now = Date()
        var screen = screen
        if screen != "out-of-service" {
            let settings = connection
            do {
                let reply = try Blocking.run {
                    try await OneShot.send(.status, to: try await settings.locate(), key: try settings.key())
                }
                guard let state = reply.state else { throw RenderError("The coordinator sent no hall state.") }
                (kiosk, _) = kiosk.update(.snapshot(state, hallNow: reply.now), now: now)
            } catch let error as QueueError where error.code.isLinkLost {
                log("\(error.message); drawing the out-of-service screen")
                screen = "out-of-service"
            }
        }
        switch screen {
        case "ticket", "appointment":
            guard let hall = kiosk.hall, let service = hall.config.services.first(where: { hall.estimatedWait($0.id) != nil }) ?? hall.config.services.first else { break }
            // The newest waiting ticket, told what the coordinator would tell it.
            var ticket = hall.waiting(service: service.id).max { $0.id < $1.id }
                ?? Ticket(id: 1, day: hall.day, service: service.id, number: 1, label: service.label(1), priority: .normal, issuedAt: kiosk.hallNow(now))
            ticket.state = .waiting
            let ahead = hall.ahead(of: ticket)
            var slip = Slip(ticket: ticket, hall: hall, ahead: ahead, estimate: hall.estimatedWait(service.id, ahead: ahead), requestId: "picture")
            // No ticket is issued for a picture, so its QR code carries an example page address.
            slip.page = "http://hall.example:8080/t/ExampleOnly-NotATicket"
            if screen == "appointment" {
                // Booked for the next quarter hour after now.
                let local = hall.localTime(kiosk.hallNow(now))
                let minute = (local.minuteOfDay / Appointments.slotMinutes + 1) * Appointments.slotMinutes
                slip.appointment = .early(minute)
            }
            kiosk.screen = .ticket(slip)
        case "code":
            kiosk.screen = .code("0429")
        case "closed":
            kiosk.screen = .closed(service: kiosk.hall?.config.services.first?.id ?? "A", reason: .full)
        case "out-of-service":
            kiosk.screen = .outOfService(Words.coordinatorGone)
        case "expired":
            kiosk.message = Words.tapExpired
        default: break
        }
        let canvas = try OffscreenCanvas(width: width, height: height, fonts: fonts)
        canvas.draw(KioskLayout(measurer: fonts, width: width, height: height).draw(kiosk, now: now, qr: QRCode.encode).commands)
        try canvas.savePNG(path)
    }
}
