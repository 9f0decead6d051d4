import Foundation
import Hummingbird
import QueueCore
import QueueServer
import QueueWire

/// The clerk console: the page, and the buttons, each a request to the coordinator.
extension WebConsole {
    /// The counter a session works at: its own for a counter key or PIN; any for a manager (`?n=`).
    func counterNumber(_ session: WebSession, asked: String?) -> Int? {
        if session.identity.role == .counter { return session.identity.counter }
        guard let n = asked.flatMap(Int.init), config.counter(n) != nil else { return nil }
        return n
    }

    func consoleModel(_ session: WebSession, counter: Int) async -> ConsoleModel? {
        guard let view = await live.view() else { return nil }
        return ConsoleModel(state: view.state, today: Array(view.today.values), counter: counter, clerk: session.clerk, now: view.now)
    }

    func viewer(_ session: WebSession) -> ConsolePage.Viewer {
        let title = session.clerk.map { "\($0) · PIN" } ?? session.identity.name
        return ConsolePage.Viewer(title: title, csrf: session.csrf, isManager: session.isManager, newRequestId: { SessionStore.token() })
    }

    static let notReady = WebMessage.error("Máy điều phối chưa sẵn sàng; hãy tải lại trang sau vài giây.", "The coordinator is not ready yet; reload in a few seconds.")

    func consolePage(_ request: Request) async throws -> Response {
        let session: WebSession
        switch gate(request) {
        case .stopped(let response): return response
        case .allowed(let s): session = s
        }
        let asked = Self.query(request).text("n")
        guard let counter = counterNumber(session, asked: asked) else {
            return Self.errorPage(Texts.refusal(QueueError(.unknownCounter, "Open a counter from the dashboard's list (e.g. /counter?n=1).")), status: .badRequest)
        }
        guard let model = await consoleModel(session, counter: counter) else { return Self.errorPage(Self.notReady, status: .serviceUnavailable) }
        let (flash, _) = sessions.takeOnce(session.token)
        return Self.html(ConsolePage.page(model, viewer: viewer(session), message: flash))
    }

    /// One button: the form names the op and the counter; the reply becomes a message. The
    /// script gets JSON; a plain form post is sent back to the console with the message.
    func counterAction(_ request: Request) async throws -> Response {
        let session: WebSession
        switch gate(request) {
        case .stopped(let response): return response
        case .allowed(let s): session = s
        }
        let form = try await Self.form(request)
        if let refusal = checkPost(request, form, session) { return refusal }
        let message: WebMessage
        var counter: Int?
        switch Self.command(form, session: session) {
        case .failure(let error):
            message = Texts.refusal(error)
        case .success(let command):
            counter = command.counter
            let reply = await coordinator.perform(.command(command), as: session.identity, requestId: form.text("rid"))
            await live.caughtUp(with: reply)
            message = Texts.outcome(reply, done: Self.done(command, reply: reply, config: config))
            if case .failure(let error) = reply {
                logger.info("web counter action refused", metadata: ["actor": "\(session.identity.name)", "code": "\(error.code.rawValue)"])
            }
        }
        if Self.wantsJSON(request) { return Self.json(message, status: message.ok ? .ok : .conflict) }
        sessions.update(session.token) { $0.flash = message }
        return Self.redirect(session.isManager ? "/counter?n=\(counter ?? Int(form["counter"] ?? "") ?? 0)" : "/counter")
    }

    /// The command a console form asks for, or what is wrong with the form.
    static func command(_ form: Form, session: WebSession) -> Result<Command, QueueError> {
        guard let counter = form.text("counter").flatMap(Int.init) else {
            return .failure(QueueError(.badForm, "The form does not say which counter; reload the page."))
        }
        switch form.text("op") ?? "" {
        case "next": return .success(.callNext(counter: counter))
        case "call":
            guard let label = form.text("ticket")?.uppercased(), label.count <= 12 else {
                return .failure(QueueError(.badForm, "Type the number to call, e.g. A012."))
            }
            return .success(.callTicket(counter: counter, label: label))
        case "recall": return .success(.recall(counter: counter))
        case "start": return .success(.start(counter: counter))
        case "finish": return .success(.finish(counter: counter))
        case "no-show": return .success(.noShow(counter: counter))
        case "transfer":
            guard let to = form.text("to")?.uppercased() else { return .failure(QueueError(.badForm, "Choose the service to transfer to.")) }
            return .success(.transfer(counter: counter, to: to))
        case "pause":
            guard let reason = form.text("reason") else { return .failure(QueueError(.reasonRequired, "Give a reason for the pause.")) }
            return .success(.pause(counter: counter, reason: String(reason.prefix(120))))
        case "resume": return .success(.resume(counter: counter))
        case "sign-in":
            // A PIN belongs to one clerk: that clerk is who signs in.
            guard let clerk = session.clerk ?? form.text("clerk") else { return .failure(QueueError(.clerkRequired, "Type the clerk's name.")) }
            return .success(.signIn(counter: counter, clerk: String(clerk.prefix(80))))
        case "sign-out": return .success(.signOut(counter: counter))
        default: return .failure(QueueError(.badForm, "Unknown button; reload the page."))
        }
    }

    /// What a successful command did, in words.
    static func done(_ command: Command, reply: Result<Reply, QueueError>, config: HallConfig) -> WebMessage {
        let counterName = command.counter.flatMap { config.counter($0)?.name } ?? ""
        let events = (try? reply.get())?.events ?? []
        let label = events.last(where: { $0.ticket != nil })?.ticket?.label ?? ""
        switch command {
        case .callNext, .callTicket: return .ok("Đã gọi \(label) đến \(counterName).", "Called \(label) to counter \(command.counter ?? 0).")
        case .recall: return .ok("Đã gọi lại \(label).", "Called \(label) again.")
        case .start: return .ok("Bắt đầu phục vụ \(label).", "Service of \(label) started.")
        case .finish: return .ok("Đã kết thúc \(label).", "\(label) finished.")
        case .noShow: return .ok("Đã ghi \(label) vắng mặt.", "\(label) marked as a no-show.")
        case .transfer(_, let to): return .ok("Đã chuyển \(label) sang dịch vụ \(to).", "\(label) transferred to service \(to).")
        case .pause: return .ok("Quầy tạm ngừng phục vụ.", "The counter is paused.")
        case .resume: return .ok("Quầy tiếp tục phục vụ.", "The counter is open again.")
        case .signIn(_, let clerk): return .ok("\(clerk) đã vào ca.", "\(clerk) is signed in.")
        case .signOut: return .ok("Đã kết thúc ca; quầy đóng.", "Shift ended; the counter is closed.")
        case .issue, .cancel, .tick: return .ok("Đã xong.", "Done.")
        }
    }
}
