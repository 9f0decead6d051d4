import DeviceKeys
import Foundation
import Hummingbird
import QueueCore
import QueueReports
import QueueServer
import QueueStore
import QueueWire

/// The manager's pages: the live hall, reports (rendered by QueueReports, read over the same
/// `tickets` request as `queuectl report`), device keys and clerk PINs.
extension WebConsole {
    func managerGate(_ request: Request) -> Gate { gate(request, role: .manager) }

    func dashboardPage(_ request: Request) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        guard let view = await live.view() else { return Self.errorPage(Self.notReady, status: .serviceUnavailable) }
        let (flash, _) = sessions.takeOnce(session.token)
        return Self.html(DashboardPage.page(dashboardModel(view), csrf: session.csrf, message: flash))
    }

    /// The live hall as the manager's dashboard shows it, with the web console's and the
    /// coordinator's own knowledge the hall state does not hold (PIN guesses, pauses, devices).
    func dashboardModel(_ view: LiveHall.View) -> DashboardModel {
        var model = DashboardModel(state: view.state, today: Array(view.today.values), cancelledAt: view.cancelledAt, now: view.now)
        model.pinAlerts = guesses.withLockedValue { $0.alerts(now: Date()) }
        model.pausedAt = view.pausedAt
        model.devices = coordinator.deviceHealth()
        model.devicesNow = Date()
        return model
    }

    func stopped(_ gate: Gate) -> Response {
        if case .stopped(let response) = gate { return response }
        return Self.redirect("/")
    }

    /// "YYYY-MM-DD" that is a real day.
    static func isDay(_ text: String) -> Bool { CivilDay.parts(text) != nil }

    /// Every ticket row of local days `from…to`, paged through the coordinator as this manager,
    /// with the instants of the cancellations among them.
    func tickets(from: String, to: String, as session: WebSession) async throws -> (tickets: [Ticket], cancelledAt: [Int64: Int64]) {
        var all: [Ticket] = []
        var cancelledAt: [Int64: Int64] = [:]
        var after: Int64 = 0
        while true {
            let reply = try await coordinator.perform(.tickets(from: from, to: to, after: after), as: session.identity, requestId: nil).get()
            guard case .tickets(let page, let cancelled) = reply else { throw QueueError(.`internal`, "The coordinator sent no ticket rows.") }
            all += page
            for (id, at) in cancelled { if let id = Int64(id) { cancelledAt[id] = at } }
            guard let last = page.last else { return (all, cancelledAt) }
            after = last.id
        }
    }

    func tickets(day: String, as session: WebSession) async throws -> [Ticket] {
        try await tickets(from: day, to: day, as: session).tickets
    }

    /// The span a report page or file asks for: `from` and `to`, or one `day`; nil when neither
    /// is a real day or `from` is after `to`.
    static func span(_ query: Form, default today: String) -> (from: String, to: String)? {
        if let from = query.text("from"), let to = query.text("to") {
            return isDay(from) && isDay(to) && from <= to ? (from, to) : nil
        }
        let day = query.text("day") ?? today
        return isDay(day) ? (day, day) : nil
    }

    static func interval(_ query: Form) -> Int {
        let n = query.text("interval").flatMap(Int.init) ?? 60
        return [15, 30, 60].contains(n) ? n : 60
    }

    /// The report of `from…to`: its rows, cancellations and the clerks' year to date (the rows
    /// since 1 January), the same figures as `queuectl report` over the network.
    func report(from: String, to: String, interval: Int, as session: WebSession) async throws -> HallReport {
        let span = try await tickets(from: from, to: to, as: session)
        let yearStart = String(to.prefix(4)) + "-01-01"
        let year = from <= yearStart ? span.tickets : try await tickets(from: yearStart, to: to, as: session).tickets
        var ytd: [String: Int] = [:]
        for t in year where t.day >= yearStart && t.day <= to && t.outcome == .served {
            if let c = t.clerk { ytd[c, default: 0] += 1 }
        }
        let rows = span.tickets.map { t -> ReportTicket in
            var r = ReportTicket(t)
            r.endedAt = span.cancelledAt[t.id]
            return r
        }
        // The hall's clock: a citizen still waiting today has waited until now, not until closing.
        let now = await live.view()?.now ?? Date()
        return HallReport.make(tickets: rows, config: config, from: from, to: to,
                               context: ReportContext(yearToDate: ytd, intervalMinutes: interval, now: now.milliseconds,
                                                      ratings: try coordinator.reader.ratingCounts(from: from, to: to),
                                                      appointments: try coordinator.reader.appointmentCounts(from: from, to: to)))
    }

    func today() async -> String {
        guard let view = await live.view() else { return LocalTime(Date(), in: zone).day }
        return view.state.day.isEmpty ? view.state.localTime(view.now).day : view.state.day
    }

    func reportsPage(_ request: Request) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        let today = await today()
        let query = Self.query(request)
        var message: WebMessage?
        var span = Self.span(query, default: today)
        if span == nil {
            message = Texts.refusal(QueueError(.badDay, "Give real days as YYYY-MM-DD, e.g. 2026-11-30, the first not after the last."))
            span = (today, today)
        }
        let (from, to) = span!
        let hasTickets = !(try await tickets(from: from, to: to, as: session).tickets.isEmpty)
        return Self.html(DashboardPage.reports(hall: config.hall.name, csrf: session.csrf, from: from, to: to, interval: Self.interval(query),
                                               today: today, hasTickets: hasTickets, message: message))
    }

    /// The report of a day or span as the HTML or CSV file `queuectl report` writes, shown in the
    /// page's frame or downloaded (`download=1`).
    func reportFile(_ request: Request) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        let query = Self.query(request)
        guard let (from, to) = Self.span(query, default: "") else {
            return Self.errorPage(Texts.refusal(QueueError(.badDay, "Give the day as YYYY-MM-DD, e.g. 2026-11-30 (or from and to, the first not after the last).")), status: .badRequest)
        }
        let format = query.text("format") ?? "html"
        guard format == "html" || format == "csv" else {
            return Self.errorPage(Texts.refusal(QueueError(.badRequest, "A report downloads as html or csv.")), status: .badRequest)
        }
        let report = try await self.report(from: from, to: to, interval: Self.interval(query), as: session)
        let text = format == "csv" ? CSVReport.render(report) : HTMLReport.render(report)
        var headers: HTTPFields = [.contentType: format == "csv" ? "text/csv; charset=utf-8" : "text/html; charset=utf-8", .cacheControl: "no-store"]
        if format == "html" {
            // The report is a self-contained file with its own inline style and SVG.
            headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
        }
        if query["download"] != nil {
            headers[.contentDisposition] = "attachment; filename=\"bao-cao-\(from == to ? from : "\(from)_\(to)").\(format)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func devicesPage(_ request: Request) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        guard case .devices(let devices, _) = try await coordinator.perform(.listDevices, as: session.identity, requestId: nil).get() else {
            throw QueueError(.`internal`, "The coordinator sent no device list.")
        }
        let pins = try coordinator.reader.clerkPins()
        let (flash, newKey) = sessions.takeOnce(session.token)
        return Self.html(DevicesPage.page(hall: config.hall.name, config: config, devices: devices, pins: pins, csrf: session.csrf,
                                          newRequestId: { SessionStore.token() }, newKey: newKey, zone: zone, message: flash))
    }

    /// Runs a manager's form post: gate, token, then `body`; its message is shown on `back`.
    func managerPost(_ request: Request, back: String,
                     _ body: (WebSession, Form) async throws -> (WebMessage, DevicesPage.NewKey?)) async throws -> Response {
        try await managerPost(request, back: { back }, body)
    }

    /// `managerPost` with a page to go back to that the body may choose (say, the day it changed).
    func managerPost(_ request: Request, back: () -> String,
                     _ body: (WebSession, Form) async throws -> (WebMessage, DevicesPage.NewKey?)) async throws -> Response {
        guard case .allowed(let session) = managerGate(request) else { return stopped(managerGate(request)) }
        let form = try await Self.form(request)
        if let refusal = checkPost(request, form, session) { return refusal }
        let (message, key) = try await body(session, form)
        sessions.update(session.token) { $0.flash = message; $0.newKey = key }
        return Self.redirect(back())
    }

    func addDevice(_ request: Request) async throws -> Response {
        try await managerPost(request, back: "/manager/devices") { session, form in
            guard let name = form.text("name"), let role = form.text("role").flatMap(Role.init(rawValue:)) else {
                return (Texts.refusal(QueueError(.badForm, "Give the device a name and a role.")), nil)
            }
            let counter = form.text("counter").flatMap(Int.init)
            if role == .counter && counter == nil {
                return (Texts.refusal(QueueError(.badForm, "A counter device needs its counter.")), nil)
            }
            let reply = await coordinator.perform(.addDevice(name: name, role: role, counter: role == .counter ? counter : nil),
                                                  as: session.identity, requestId: form.text("rid"))
            guard case .success(let added) = reply else { return (Texts.outcome(reply, done: .ok("", "")), nil) }
            guard let key = added.key.flatMap({ Data(base64Encoded: $0) }) else {
                return (.ok("Khóa \(name) đã được tạo trước đó; khóa chỉ hiện một lần.", "The key \(name) was made by an earlier post; a key is shown only once."), nil)
            }
            let file = KeyFile(device: name, role: role, counter: role == .counter ? counter : nil, key: key)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let json = String(decoding: (try? encoder.encode(file)) ?? Data(), as: UTF8.self)
            logger.info("device added from the web", metadata: ["device": "\(name)", "by": "\(session.identity.name)"])
            return (.ok("Đã tạo khóa \(name).", "Key \(name) added."), DevicesPage.NewKey(file: file, json: json))
        }
    }

    func revokeDevice(_ request: Request) async throws -> Response {
        try await managerPost(request, back: "/manager/devices") { session, form in
            guard let name = form.text("name") else { return (Texts.refusal(QueueError(.badForm, "Which device?")), nil) }
            let reply = await coordinator.perform(.revokeDevice(name: name), as: session.identity, requestId: form.text("rid"))
            if case .success = reply { sessions.end(actor: name) }
            return (Texts.outcome(reply, done: .ok("Đã thu hồi khóa \(name); các phiên của nó đã bị ngắt.", "Key \(name) revoked; its sessions are closed.")), nil)
        }
    }

    func addPin(_ request: Request) async throws -> Response {
        try await managerPost(request, back: "/manager/devices") { session, form in
            guard let clerk = form.text("clerk"), clerk.count <= 80 else { return (Texts.refusal(QueueError(.clerkRequired, "Type the clerk's name (at most 80 characters).")), nil) }
            guard let counter = form.text("counter").flatMap(Int.init), config.counter(counter) != nil else {
                return (Texts.refusal(QueueError(.unknownCounter, "Choose a counter from the list.")), nil)
            }
            let pin = form.text("pin") ?? ""
            guard PinHash.isWellFormed(pin) else { return (Texts.refusal(QueueError(.badPin, "A PIN is 6 to 8 digits.")), nil) }
            guard let rid = form.text("rid") else { return (Texts.refusal(QueueError(.requestIdRequired, "Reload the page and try again.")), nil) }
            let reply = await coordinator.change(as: session.identity, requestId: rid) { tx, now in
                let taken = try tx.activeClerkPins(counter: counter).contains { PinHash.matches(pin: pin, counter: counter, salt: $0.salt, hash: $0.hash) }
                if taken { throw QueueError(.pinTaken, "Counter \(counter) already has that PIN; choose another.") }
                let salt = PinHash.newSalt()
                _ = try tx.addClerkPin(clerk: clerk, counter: counter, salt: salt, hash: PinHash.hash(pin: pin, counter: counter, salt: salt), at: now)
                return .changed(events: [], now: nil)
            }
            return (Texts.outcome(reply, done: .ok("Đã tạo PIN cho \(clerk) tại \(config.counter(counter)?.name ?? "quầy \(counter)").",
                                                   "PIN added for \(clerk) at counter \(counter).")), nil)
        }
    }

    func revokePin(_ request: Request) async throws -> Response {
        try await managerPost(request, back: "/manager/devices") { session, form in
            guard let id = form.text("id").flatMap(Int64.init), let rid = form.text("rid") else {
                return (Texts.refusal(QueueError(.badForm, "Which PIN? Reload the page.")), nil)
            }
            let reply = await coordinator.change(as: session.identity, requestId: rid) { tx, now in
                try tx.revokeClerkPin(id: id, at: now)
                return .changed(events: [], now: nil)
            }
            if case .success = reply { sessions.end(actor: WebSession.pinActor(id)) }
            return (Texts.outcome(reply, done: .ok("Đã thu hồi PIN.", "PIN revoked.")), nil)
        }
    }
}
