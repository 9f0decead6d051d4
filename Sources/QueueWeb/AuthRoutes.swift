import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import QueueCore
import QueueServer
import QueueWire

/// Signing in and out, and the checks every other route starts with: a live session whose key
/// or PIN is still valid, and on posts the session's form token.
extension WebConsole {
    /// What a route gets when the request may go on, or the answer that stops it.
    enum Gate {
        case allowed(WebSession)
        case stopped(Response)
    }

    /// The session of this request if its cookie names one whose device or PIN is still valid.
    /// A revoked key or PIN ends the session here, at its next request.
    func currentSession(_ request: Request) -> WebSession? {
        guard let token = request.cookies[SessionStore.cookie]?.value, let session = sessions.session(token) else { return nil }
        let valid = currentSessionIsValid(session)
        if !valid { sessions.end(token) }
        return valid ? session : nil
    }

    /// Lets the request on with a session (of `role`, when given), or says why not: a page
    /// goes to the sign-in page (saying the session expired when there was one), a background
    /// post gets a JSON message.
    func gate(_ request: Request, role: Role? = nil) -> Gate {
        guard let session = currentSession(request) else {
            let had = request.cookies[SessionStore.cookie] != nil
            if Self.wantsJSON(request) || request.uri.path == "/events" {
                return .stopped(Self.json(Texts.refusal(QueueError(.sessionExpired, "Your session has ended; sign in again.")),
                                          status: .unauthorized, extra: ["login": "/login?expired=1"]))
            }
            return .stopped(Self.redirect(had ? "/login?expired=1" : "/login"))
        }
        if let role, session.identity.role != role {
            return .stopped(Self.errorPage(Texts.refusal(QueueError(.forbidden, "This page is for the \(role.rawValue) role; you are signed in as \(session.identity.name).")),
                                           status: .forbidden))
        }
        return .allowed(session)
    }

    /// A post must carry the session's form token, and come from this site when the browser says where from.
    func checkPost(_ request: Request, _ form: Form, _ session: WebSession) -> Response? {
        let token = Data((form["csrf"] ?? "").utf8), expected = Data(session.csrf.utf8)
        var same = token.count == expected.count
        for (a, b) in zip(token, expected) where a != b { same = false }
        if same, let origin = request.headers[.origin], let host = request.head.authority {
            same = origin == "http://\(host)" || origin == "https://\(host)"
        }
        guard same else {
            let message = Texts.refusal(QueueError(.csrf, "The form is stale or came from another site; reload the page and try again."))
            return Self.wantsJSON(request) ? Self.json(message, status: .forbidden) : Self.errorPage(message, status: .forbidden)
        }
        return nil
    }

    func home(_ request: Request) -> Response {
        guard let session = currentSession(request) else { return Self.redirect("/login") }
        return Self.redirect(session.isManager ? "/manager" : "/counter")
    }

    func loginPage(_ request: Request, message: WebMessage?, status: HTTPResponse.Status = .ok) -> Response {
        let (login, challenge) = sessions.newLogin()
        var response = Self.html(LoginPage.page(hall: config, login: login, challenge: challenge, message: message), status: status)
        response.setCookie(Cookie(name: SessionStore.loginCookie, value: login, maxAge: Int(sessions.loginLimit), path: "/login", secure: true, httpOnly: true, sameSite: .strict))
        return response
    }

    /// The sign-in form's token must match its cookie and still be valid (one use): a form
    /// posted from another site, or twice, is refused.
    func loginChallenge(_ request: Request, _ form: Form) -> String? {
        guard let cookie = request.cookies[SessionStore.loginCookie]?.value, cookie == form["login"] else { return nil }
        return sessions.takeLogin(cookie)
    }

    static let staleLogin = Texts.refusal(QueueError(.csrf, "The sign-in form is stale; it has been reloaded, try again."))

    /// A clerk's PIN at a counter: a session acting as that counter, recorded as "pin:<id>",
    /// and the clerk signed in at the counter if someone else (or nobody) was.
    func signInWithPin(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try await Self.form(request)
        guard loginChallenge(request, form) != nil else { return loginPage(request, message: Self.staleLogin, status: .forbidden) }
        guard let counter = form.text("counter").flatMap(Int.init), config.counter(counter) != nil else {
            return loginPage(request, message: Texts.refusal(QueueError(.unknownCounter, "Choose a counter from the list.")), status: .badRequest)
        }
        let pin = form.text("pin") ?? ""
        guard PinHash.canSignIn(pin) else {
            return loginPage(request, message: Texts.refusal(QueueError(.badPin, "A PIN is 6 to 8 digits.")), status: .badRequest)
        }
        let throttleKey = "\(counter)|\(context.peer)"
        let wait = guesses.withLockedValue { $0.wait(counter, now: Date()) }
        guard throttle.allowed(throttleKey), wait == 0 else {
            let minutes = max(1, Int((wait / 60).rounded(.up)))
            return loginPage(request, message: Texts.refusal(QueueError(.tooManyAttempts, "Too many wrong PINs for counter \(counter); try again in \(minutes) min, or sign in with the counter's key.")),
                             status: .tooManyRequests)
        }
        let match = try coordinator.reader.activeClerkPins(counter: counter).first {
            PinHash.matches(pin: pin, counter: counter, salt: $0.salt, hash: $0.hash)
        }
        guard let match else {
            throttle.failed(throttleKey)
            let left = guesses.withLockedValue { budget -> Double in
                budget.spend(counter, now: Date())
                return budget.left(counter, now: Date())
            }
            logger.warning("web sign-in with a wrong PIN", metadata: ["counter": "\(counter)", "peer": "\(context.peer)", "guesses left": "\(Int(left))"])
            live.redraw() // the manager's dashboard shows it at once,
            watchPinAlerts() // and again each time a wrong PIN is forgiven
            return loginPage(request, message: Texts.refusal(QueueError(.signInFailed, "That PIN does not open this counter.")), status: .unauthorized)
        }
        throttle.succeeded(throttleKey)
        let identity = DeviceIdentity(name: WebSession.pinActor(match.id), role: .counter, counter: counter)
        let session = sessions.create(identity: identity, pinId: match.id, clerk: match.clerk)
        logger.info("web sign-in", metadata: ["actor": "\(identity.name)", "clerk": "\(match.clerk)", "counter": "\(counter)"])
        if let view = await live.view(), view.state.counters[counter]?.clerk != match.clerk {
            let reply = await coordinator.perform(.command(.signIn(counter: counter, clerk: match.clerk)), as: identity, requestId: SessionStore.token())
            await live.caughtUp(with: reply)
            let name = config.counter(counter)?.name ?? "quầy \(counter)"
            var done = WebMessage.ok("Chào \(match.clerk); đã vào ca tại \(name).", "Welcome; you are signed in at counter \(counter).")
            // A shift hand-over: say from whom, and whose the citizen at the counter stays.
            let before = view.state.counters[counter]
            if let previous = before?.clerk, before?.status != .closed {
                let at = before?.ticket.flatMap { view.state.tickets[$0] }
                done = .ok("Chào \(match.clerk); đã nhận ca từ \(previous) tại \(name)." + (at.map { " Số \($0.label) đang ở quầy vẫn tính cho \($0.clerk ?? previous)." } ?? ""),
                           "Welcome; you took over counter \(counter) from \(previous)." + (at.map { " \($0.label), at the counter now, stays \($0.clerk ?? previous)'s dossier." } ?? ""))
            }
            sessions.update(session.token) { $0.flash = Texts.outcome(reply, done: done) }
        }
        var response = Self.redirect("/counter")
        response.setCookie(Self.sessionCookie(session.token))
        response.setCookie(Self.expiredCookie(SessionStore.loginCookie))
        return response
    }

    /// A device key, proved by the same HMAC answer to a challenge as the TCP handshake; the
    /// browser sends only the MAC. Counter keys open their console, manager keys the dashboard.
    func signInWithKey(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let challenge = loginChallenge(request, form) else { return loginPage(request, message: Self.staleLogin, status: .forbidden) }
        let refused = Texts.refusal(QueueError(.badKey, "The key was not accepted: pick the device's key file (e.g. counter-1.key), or ask a manager for a new key."))
        guard let name = form.text("device"), let nonce = form.text("nonce"), let mac = form.text("mac"),
              (Data(base64Encoded: nonce)?.count ?? 0) >= 16,
              let device = coordinator.activeDevice(named: name),
              Handshake.verifyClient(mac: mac, key: device.key, challenge: challenge, nonce: nonce, device: name) else {
            logger.notice("web sign-in with a key refused", metadata: ["device": "\(form["device"]?.prefix(64) ?? "")"])
            return loginPage(request, message: refused, status: .unauthorized)
        }
        guard device.info.role == .counter || device.info.role == .manager else {
            return loginPage(request, message: Texts.refusal(QueueError(.webRole, "This is a \(device.info.role.rawValue) key; the web pages are for counters and managers.")),
                             status: .forbidden)
        }
        let session = sessions.create(identity: DeviceIdentity(name: name, role: device.info.role, counter: device.info.counter))
        logger.info("web sign-in", metadata: ["device": "\(name)", "role": "\(device.info.role.rawValue)"])
        var response = Self.redirect(device.info.role == .manager ? "/manager" : "/counter")
        response.setCookie(Self.sessionCookie(session.token))
        response.setCookie(Self.expiredCookie(SessionStore.loginCookie))
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        if let session = currentSession(request) {
            if let refusal = checkPost(request, form, session) { return refusal }
            sessions.end(session.token)
        }
        var response = Self.redirect("/login?out=1")
        response.setCookie(Self.expiredCookie(SessionStore.cookie))
        return response
    }

    /// For the script: 204 while the session lives, 401 once it has ended.
    func sessionCheck(_ request: Request) -> Response {
        currentSession(request) == nil ? Self.json(Texts.refusal(QueueError(.sessionExpired, "Your session has ended; sign in again.")),
                                                    status: .unauthorized, extra: ["login": "/login?expired=1"])
            : Response(status: .noContent)
    }
}
