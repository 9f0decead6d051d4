import Foundation
import Hummingbird
import QueueCore
import QueueServer
import QueueWire

/// The manager's appointments: each service's capacity per 15-minute slot, a booking form, and
/// one day's bookings with who came (docs/APPOINTMENTS.md). A booking's code is shown in the
/// message after it is made, and in the list.
enum AppointmentsPage {
    static func page(hall: String, config: HallConfig, day: String, appointments: [Appointment], capacity: [String: Int],
                     csrf: String, newRequestId: () -> String, zone: TimeZone, now: Date, message: WebMessage?) -> String {
        func service(_ id: String) -> String { HTML.escape(config.service(id).map { "\($0.id) · \($0.nameVi)" } ?? id) }
        var capacityRows = ""
        for s in config.services {
            capacityRows += """
            <tr><th>\(service(s.id))</th><td><form method="post" action="/manager/appointments/capacity" class="inline">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))\(HTML.hidden("service", s.id))\(HTML.hidden("day", day))
            <label><span class="visually-hidden">Số lịch hẹn mỗi 15 phút cho \(HTML.escape(s.id)) <span lang="en">bookings per slot</span></span>
            <input name="per_slot" type="number" min="0" max="\(Appointments.maxCapacity)" required value="\(capacity[s.id] ?? 0)" inputmode="numeric"></label>
            <button class="small">Lưu <span class="en" lang="en">Save</span></button></form></td></tr>
            """
        }
        let taking = config.services.filter { (capacity[$0.id] ?? 0) > 0 }
        let serviceOptions = taking.map { "<option value=\"\(HTML.escape($0.id))\">\(service($0.id))</option>" }.joined()
        var rows = ""
        for a in appointments {
            let state: String
            if let label = a.label {
                state = "Đã đến lúc \(a.checkedInAt.map { Self.clock($0, zone) } ?? "") · số <b>\(HTML.escape(label))</b> <span class=\"en\" lang=\"en\">checked in</span>"
            } else if a.cancelledAt != nil {
                state = "Đã hủy <span class=\"en\" lang=\"en\">cancelled</span>"
            } else if let slot = a.slot(in: zone), now > slot + Appointments.lateAfter {
                state = "Không đến <span class=\"en\" lang=\"en\">did not come</span>"
            } else {
                state = """
                Chưa đến <span class="en" lang="en">booked</span>
                <form method="post" action="/manager/appointments/cancel" class="confirm inline" data-confirm="Hủy lịch hẹn \(HTML.escape(a.code))? Cancel this booking?">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))\(HTML.hidden("day", a.day))\(HTML.hidden("code", a.code))<button class="danger small">Hủy <span class="en" lang="en">Cancel</span></button></form>
                """
            }
            rows += "<tr class=\"\(a.cancelledAt == nil ? "" : "revoked")\"><td>\(HTML.escape(a.time))</td><td>\(service(a.service))</td><td class=\"code\">\(HTML.escape(a.code))</td><td>\(state)</td></tr>"
        }
        let booking = taking.isEmpty ? """
            <p class="hint">Chưa dịch vụ nào nhận lịch hẹn: đặt số lịch hẹn mỗi 15 phút ở bảng trên. <span class="en" lang="en">No service takes appointments yet: give one a capacity above.</span></p>
            """ : """
            <form method="post" action="/manager/appointments/book" class="inline add">\(HTML.hidden("csrf", csrf))\(HTML.hidden("rid", newRequestId()))
            <label>Dịch vụ <span class="en" lang="en">Service</span> <select name="service" required>\(serviceOptions)</select></label>
            <label>Ngày <span class="en" lang="en">Day</span> <input name="day" type="date" required value="\(HTML.escape(day))"></label>
            <label>Giờ <span class="en" lang="en">Time</span> <input name="time" type="time" step="900" required value="09:00"></label>
            <button type="submit">Đặt lịch <span class="en" lang="en">Book</span></button></form>
            <p class="hint">Khung 15 phút trong giờ làm việc; mã 6 chữ số hiện ở trên sau khi đặt, để báo cho công dân. <span class="en" lang="en">A 15-minute slot within opening hours; the six-digit code to give the citizen shows above once booked.</span></p>
            """
        let body = """
        \(HTML.notice(message))
        <section><h2>Đặt lịch hẹn <span class="en" lang="en">Book an appointment</span></h2>
        \(booking)
        </section>
        <section><h2>Lịch hẹn ngày \(HTML.escape(day)) <span class="en" lang="en">Bookings</span></h2>
        <form method="get" action="/manager/appointments" class="inline"><label>Ngày <span class="en" lang="en">Day</span> <input name="day" type="date" value="\(HTML.escape(day))" required></label>
        <button class="small">Xem <span class="en" lang="en">Show</span></button></form>
        \(appointments.isEmpty ? "<p class=\"muted\">Không có lịch hẹn. <span class=\"en\" lang=\"en\">No bookings.</span></p>" : """
        <table class="list"><thead><tr><th>Giờ <span class="en" lang="en">time</span></th><th>Dịch vụ <span class="en" lang="en">service</span></th>
        <th>Mã <span class="en" lang="en">code</span></th><th>Trạng thái <span class="en" lang="en">state</span></th></tr></thead><tbody>\(rows)</tbody></table>
        """)
        </section>
        <section><h2>Số lịch hẹn mỗi 15 phút <span class="en" lang="en">Bookings per 15-minute slot</span></h2>
        <p class="hint">0: dịch vụ không nhận lịch hẹn. Người có lịch hẹn được gọi từ giờ hẹn; chỉ người không hẹn đã đến từ hơn \(Int(config.policy.appointmentLead / 60)) phút trước giờ hẹn được gọi trước họ.
        <span class="en" lang="en">0: none. A booked citizen is called at the slot, ahead of walk-ins who came less than \(Int(config.policy.appointmentLead / 60)) minutes before it.</span></p>
        <table class="list"><tbody>\(capacityRows)</tbody></table>
        </section>
        """
        return HTML.page(title: "Lịch hẹn", bodyClass: "manager-page", header: DashboardPage.header(hall: hall, csrf: csrf, active: "/manager/appointments"), body: body)
    }

    static func clock(_ date: Date, _ zone: TimeZone) -> String { ClockText.text(LocalTime(date, in: zone).minuteOfDay) }
}

extension WebConsole {
    func appointmentsPage(_ request: Request) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        var day = await today()
        var message = sessions.takeOnce(session.token).0
        if let asked = Self.query(request)["day"] {
            if Self.isDay(asked) { day = asked } else { message = Texts.refusal(QueueError(.badDay, "Give a real day as YYYY-MM-DD.")) }
        }
        guard case .appointments(let list, let capacity) = try await coordinator.perform(.appointments(from: day, to: day), as: session.identity, requestId: nil).get() else {
            throw QueueError(.`internal`, "The coordinator sent no appointments.")
        }
        return Self.html(AppointmentsPage.page(hall: config.hall.name, config: config, day: day, appointments: list, capacity: capacity, csrf: session.csrf,
                                               newRequestId: { SessionStore.token() }, zone: zone, now: await live.view()?.now ?? Date(), message: message))
    }

    func setAppointmentCapacity(_ request: Request) async throws -> Response {
        var back = "/manager/appointments"
        return try await managerPost(request, back: { back }) { session, form in
            if let day = form.text("day"), Self.isDay(day) { back += "?day=\(day)" }
            guard let service = form.text("service"), let perSlot = form.text("per_slot").flatMap(Int.init) else {
                return (Texts.refusal(QueueError(.badForm, "Give a number of bookings per slot.")), nil)
            }
            let reply = await coordinator.perform(.setAppointmentCapacity(service: service, perSlot: perSlot), as: session.identity, requestId: form.text("rid"))
            // The capacity as saved (a repeated post gets the first answer back).
            guard case .success(.appointments(_, let saved)) = reply else { return (Texts.outcome(reply, done: .ok("", "")), nil) }
            let id = service.uppercased(), n = saved[id] ?? perSlot
            return (.ok("Dịch vụ \(id) nhận \(n) lịch hẹn mỗi 15 phút.", "Service \(id) takes \(n) bookings per slot."), nil)
        }
    }

    func bookAppointment(_ request: Request) async throws -> Response {
        var back = "/manager/appointments"
        return try await managerPost(request, back: { back }) { session, form in
            guard let service = form.text("service"), let day = form.text("day"), Self.isDay(day),
                  let minute = form.text("time").flatMap({ ClockText.minutes(String($0.prefix(5))) }) else {
                return (Texts.refusal(QueueError(.badForm, "Choose a service, a day and a time.")), nil)
            }
            back += "?day=\(day)"
            let reply = await coordinator.perform(.bookAppointment(service: service, day: day, minute: minute), as: session.identity, requestId: form.text("rid"))
            guard case .success(.appointments(let booked, _)) = reply, let a = booked.first else { return (Texts.outcome(reply, done: .ok("", "")), nil) }
            return (.ok("Đã đặt lịch \(a.service) ngày \(a.day) lúc \(a.time). Mã lịch hẹn: \(a.code)",
                        "Booked \(a.service) on \(a.day) at \(a.time). Code: \(a.code)"), nil)
        }
    }

    func cancelAppointment(_ request: Request) async throws -> Response {
        var back = "/manager/appointments"
        return try await managerPost(request, back: { back }) { session, form in
            guard let day = form.text("day"), Self.isDay(day), let code = form.text("code") else {
                return (Texts.refusal(QueueError(.badForm, "Which booking? Reload the page.")), nil)
            }
            back += "?day=\(day)"
            let reply = await coordinator.perform(.cancelAppointment(day: day, code: code), as: session.identity, requestId: form.text("rid"))
            return (Texts.outcome(reply, done: .ok("Đã hủy lịch hẹn \(code).", "Booking \(code) cancelled.")), nil)
        }
    }
}
