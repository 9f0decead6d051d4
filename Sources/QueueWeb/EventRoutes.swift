import Foundation
import Hummingbird
import QueueCore

/// Live updates: a server-sent event stream per open page. After every commit with events the
/// page's live part is rendered again and sent as one `live` event; a comment every 15 s keeps
/// proxies from closing the stream; a session that ended gets an `expired` event and the end.
extension WebConsole {
    enum LiveView: Equatable {
        case counter(Int)
        case manager
    }

    func events(_ request: Request) async throws -> Response {
        let session: WebSession
        switch gate(request) {
        case .stopped(let response): return response
        case .allowed(let s): session = s
        }
        let query = Self.query(request)
        let view: LiveView
        if query["view"] == "manager" {
            guard session.isManager else { return Self.json(Texts.refusal(QueueError(.forbidden, "The live hall is for managers.")), status: .forbidden) }
            view = .manager
        } else {
            guard let counter = counterNumber(session, asked: query.text("n")) else {
                return Self.json(Texts.refusal(QueueError(.unknownCounter, "Which counter?")), status: .badRequest)
            }
            view = .counter(counter)
        }
        let signals = live.listen()
        let token = session.token
        let body = ResponseBody { writer in
            // First a fresh picture, so a page that reconnects after a gap is right at once.
            if let first = await self.fragment(view, session: session) { try await writer.write(ByteBuffer(string: Self.sse(event: "live", data: first))) }
            for await signal in signals {
                guard let current = self.sessions.session(token), self.currentSessionIsValid(current) else {
                    try await writer.write(ByteBuffer(string: Self.sse(event: "expired", data: "/login?expired=1")))
                    break
                }
                switch signal {
                case .heartbeat where view == .manager:
                    // The device panel changes with no commit (a board gone, a minute passing): redrawn each beat.
                    if let html = await self.fragment(view, session: current) {
                        try await writer.write(ByteBuffer(string: Self.sse(event: "live", data: html)))
                    }
                case .heartbeat:
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                case .changed:
                    if let html = await self.fragment(view, session: current) {
                        try await writer.write(ByteBuffer(string: Self.sse(event: "live", data: html)))
                    }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    /// The live part of a page, rendered from the live hall now.
    func fragment(_ view: LiveView, session: WebSession) async -> String? {
        guard let hall = await live.view(timeout: .seconds(1)) else { return nil }
        switch view {
        case .counter(let n):
            return ConsolePage.live(ConsoleModel(state: hall.state, today: Array(hall.today.values), counter: n, clerk: session.clerk, now: hall.now))
        case .manager:
            return DashboardPage.live(dashboardModel(hall))
        }
    }

    /// Whether a session's key or PIN still holds, with the same role and counter: a revoke
    /// ends its pages and streams at their next request or signal.
    func currentSessionIsValid(_ session: WebSession) -> Bool {
        if let pinId = session.pinId {
            guard let pin = (try? coordinator.reader.clerkPin(id: pinId)) ?? nil else { return false }
            return pin.revokedAt == nil && pin.counter == session.identity.counter
        }
        guard let device = coordinator.activeDevice(named: session.identity.name) else { return false }
        return device.info.role == session.identity.role && device.info.counter == session.identity.counter
    }

    /// One server-sent event: each line of `data` on its own `data:` line.
    static func sse(event: String, data: String) -> String {
        // Each line of `data` (ended by "\r\n", "\r" or "\n") its own "data:" line, so no line
        // break can end the event early; on bytes, as every open page's stream sends this.
        var out = Array("event: \(event)\ndata: ".utf8)
        out.reserveCapacity(out.count + data.utf8.count + 32)
        var afterCR = false
        for byte in data.utf8 {
            defer { afterCR = byte == UInt8(ascii: "\r") }
            if byte == UInt8(ascii: "\n") && afterCR { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                out += "\ndata: ".utf8
            } else {
                out.append(byte)
            }
        }
        out += "\n\n".utf8
        return String(decoding: out, as: UTF8.self)
    }
}
