import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import QueueCore
import QueueServer

/// The citizen's phone page of a ticket (`/t/<token>`, the QR on the ticket) and its live stream,
/// with no sign-in: the token is the only key, and it only shows. Each address may load pages
/// and open streams a limited number of times a minute.
extension WebConsole {
    func phonePage(_ request: Request, _ context: WebContext, token: String) async -> Response {
        let lang = Self.phoneLanguage(request)
        if let refused = phoneRefusal(context, lang) { return refused }
        guard let hall = await live.view(timeout: .seconds(2)) else {
            return Self.phoneText(lang == .vi ? "Hệ thống đang khởi động; vui lòng tải lại sau ít giây." : "The system is starting; reload in a few seconds.", status: .serviceUnavailable)
        }
        guard let id = phoneTokens.ticket(token, in: hall, pages: coordinator.ticketPages),
              let page = PhonePage(ticket: id, state: hall.state, today: hall.today, now: hall.now) else {
            return Self.phoneHTML(PhonePage.unknown(lang), status: .notFound)
        }
        return Self.phoneHTML(page.html(lang, token: token))
    }

    /// Server-sent events: the page's live part at once, then again after every change in the
    /// hall, until the ticket ends or the day changes.
    func phoneEvents(_ request: Request, _ context: WebContext, token: String) async -> Response {
        let lang = Self.phoneLanguage(request)
        if let refused = phoneRefusal(context, lang) { return refused }
        guard let hall = await live.view(timeout: .seconds(2)),
              let id = phoneTokens.ticket(token, in: hall, pages: coordinator.ticketPages) else {
            return Self.phoneText(lang == .vi ? "Không tìm thấy số này." : "This number was not found.", status: .notFound)
        }
        let signals = live.listen()
        let body = ResponseBody { writer in
            var last: String?
            func send(_ hall: LiveHall.View) async throws -> Bool {
                guard let page = PhonePage(ticket: id, state: hall.state, today: hall.today, now: hall.now) else {
                    try await writer.write(ByteBuffer(string: Self.sse(event: "gone", data: "")))
                    return false
                }
                let html = page.live(lang)
                if html != last {
                    try await writer.write(ByteBuffer(string: Self.sse(event: "live", data: html)))
                    last = html
                }
                return !page.isFinal
            }
            if try await send(hall) {
                for await signal in signals {
                    if case .heartbeat = signal {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    } else if let now = await self.live.view(timeout: .seconds(1)), try await !send(now) {
                        break
                    }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    /// 429 when this address has asked too often in the last minute.
    func phoneRefusal(_ context: WebContext, _ lang: PhonePage.Language) -> Response? {
        guard !phoneLimit.allow(context.peer, now: Date()) else { return nil }
        var response = Self.phoneText(PhonePage.tooMany(lang), status: .tooManyRequests)
        response.headers[.retryAfter] = "60"
        return response
    }

    static func phoneLanguage(_ request: Request) -> PhonePage.Language {
        query(request)["lang"] == "en" ? .en : .vi
    }

    static func phoneHTML(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func phoneText(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

/// Today's tickets by their page token. Rebuilt from the live hall when the day or the number
/// of today's tickets has changed since the last build, so a stream of guessed tokens costs one
/// dictionary look-up each, not a pass over the day.
final class PhoneTokens: Sendable {
    private struct Built {
        var day = ""
        var count = -1
        var ids: [String: Int64] = [:]
    }
    private let built = NIOLockedValueBox(Built())

    func ticket(_ token: String, in hall: LiveHall.View, pages: TicketPages) -> Int64? {
        guard TicketPages.isToken(token) else { return nil }
        return built.withLockedValue { b in
            if b.day != hall.state.day || b.count != hall.today.count {
                b = Built(day: hall.state.day, count: hall.today.count,
                          ids: Dictionary(hall.today.keys.map { (pages.token(day: hall.state.day, id: $0), $0) }, uniquingKeysWith: { a, _ in a }))
            }
            return b.ids[token]
        }
    }
}

/// At most `perMinute` phone-page requests a minute from one address (a token bucket that
/// refills evenly). A phone following its ticket makes two (the page and its stream), plus one
/// per reconnect.
final class PhoneRateLimit: Sendable {
    private struct Bucket { var tokens: Double; var at: Date }
    let perMinute: Double
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    init(perMinute: Int = 60) { self.perMinute = Double(perMinute) }

    func allow(_ address: String, now: Date) -> Bool {
        buckets.withLockedValue { buckets in
            if buckets.count > 20_000 {
                // Forget the addresses whose buckets are full again.
                buckets = buckets.filter { now.timeIntervalSince($0.value.at) < 60 }
            }
            var bucket = buckets[address] ?? Bucket(tokens: perMinute, at: now)
            bucket.tokens = min(perMinute, bucket.tokens + now.timeIntervalSince(bucket.at) * perMinute / 60)
            bucket.at = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[address] = bucket
            return allowed
        }
    }
}
