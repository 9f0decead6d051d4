import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import QueueCore
import QueueServer

/// The citizen's phone page of a ticket (`/t/<token>`, the QR on the ticket), its live stream and
/// its rating form, with no sign-in: the token is the only key, and it only shows and rates.
/// Guessing is limited per address (unknown tokens), and streams per token and in all.
extension WebConsole {
    func phonePage(_ request: Request, _ context: WebContext, token: String) async -> Response {
        let lang = Self.phoneLanguage(request)
        guard let hall = await live.view(timeout: .seconds(2)) else { return Self.phoneStarting(lang) }
        guard let id = phoneTokens.ticket(token, in: hall, pages: coordinator.ticketPages), let page = phonePage(id, hall) else {
            return phoneUnknown(context, lang)
        }
        return Self.phoneHTML(page.html(lang, token: token))
    }

    /// The page of ticket `id` in the live hall, with the visit's rating once it has one.
    func phonePage(_ id: Int64, _ hall: LiveHall.View) -> PhonePage? {
        guard var page = PhonePage(ticket: id, state: hall.state, today: hall.today, now: hall.now) else { return nil }
        if page.isRateable { page.rated = (try? coordinator.reader.rating(ticket: page.ticket)) ?? nil }
        return page
    }

    /// A rating from the page's form: recorded once per visit, then back to the page (303), which
    /// thanks the citizen. Works with JavaScript off.
    func phoneRating(_ request: Request, _ context: WebContext, token: String) async -> Response {
        let form = (try? await Self.form(request)) ?? Form(urlEncoded: "")
        let lang: PhonePage.Language = form["lang"] == "en" ? .en : .vi
        guard let hall = await live.view(timeout: .seconds(2)) else { return Self.phoneStarting(lang) }
        guard let id = phoneTokens.ticket(token, in: hall, pages: coordinator.ticketPages), let page = phonePage(id, hall) else {
            return phoneUnknown(context, lang)
        }
        guard let rating = form["rating"].flatMap(Rating.init(rawValue:)) else {
            return Self.phoneText(lang == .vi ? "Hãy chọn một mức đánh giá." : "Choose one of the three levels.", status: .badRequest)
        }
        let reason = form["reason"].flatMap(RatingReason.init(rawValue:))
        switch await coordinator.rate(ticket: page.ticket, day: page.day, rating: rating, reason: reason) {
        case .success:
            return Self.backToPage(token, lang)
        case .failure(let error) where error.code == .alreadyRated:
            return Self.backToPage(token, lang)
        case .failure(let error) where error.code == .notRateable:
            return Self.phoneText(lang == .vi ? "Chỉ đánh giá được sau khi đã được phục vụ xong, trong ngày." : "A visit can be rated once it has been served, on the same day.", status: .conflict)
        case .failure:
            return Self.phoneText(lang == .vi ? "Chưa ghi được đánh giá; vui lòng thử lại." : "The rating could not be recorded; please try again.", status: .serviceUnavailable)
        }
    }

    /// Server-sent events: the page's live part at once, then again after every change in the
    /// hall that can concern it (`LiveHall.Change`), until the ticket ends, the day changes, or
    /// five minutes pass (the browser then connects again by itself, so a phone that left the
    /// Wi-Fi does not hold a connection). A
    /// `ping` event every 15 s tells the page the stream is alive. At most 3 streams per ticket
    /// and `streams.limit` in all on this server.
    func phoneEvents(_ request: Request, _ context: WebContext, token: String, streams: PhoneStreams) async -> Response {
        let lang = Self.phoneLanguage(request)
        guard let hall = await live.view(timeout: .seconds(2)) else { return Self.phoneStarting(lang) }
        guard let id = phoneTokens.ticket(token, in: hall, pages: coordinator.ticketPages) else { return phoneUnknown(context, lang) }
        guard let slot = streams.open(token) else {
            var busy = Self.phoneText(lang == .vi ? "Quá nhiều kết nối; trang sẽ tự thử lại." : "Too many connections; the page will try again.", status: .serviceUnavailable)
            busy.headers[.retryAfter] = "30"
            return busy
        }
        let interest = PageInterest()
        let signals = live.listen(interest: interest)
        let body = ResponseBody { writer in
            // The slot is given back when the body is done with, run or not.
            _ = slot
            let deadline = ContinuousClock.now + .seconds(300)
            var last: String?
            /// Draws the page from the hall now; false once it needs no more drawing.
            func send() async throws -> Bool {
                interest.drawing()
                guard let hall = await self.live.view(timeout: .seconds(1)) else { return true }
                guard let page = self.phonePage(id, hall) else {
                    try await writer.write(ByteBuffer(string: Self.sse(event: "gone", data: "")))
                    return false
                }
                interest.follow(ticket: page.ticket, service: page.service)
                let html = page.live(lang, token: token)
                if html != last {
                    try await writer.write(ByteBuffer(string: Self.sse(event: "live", data: html)))
                    last = html
                }
                return !page.isFinal
            }
            if try await send() {
                for await signal in signals {
                    if case .heartbeat = signal {
                        try await writer.write(ByteBuffer(string: Self.sse(event: "ping", data: "")))
                    } else if try await !send() {
                        break
                    }
                    if ContinuousClock.now > deadline { break }
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    /// A token that names no ticket of today: a guess, or an earlier day's. Each counts against
    /// the address; past the limit the answer is 429, a page that tries again in a minute.
    func phoneUnknown(_ context: WebContext, _ lang: PhonePage.Language) -> Response {
        guard phoneLimit.allow(context.peer) else {
            var response = Self.phoneHTML(PhonePage.tooMany(lang), status: .tooManyRequests)
            response.headers[.retryAfter] = "60"
            return response
        }
        return Self.phoneHTML(PhonePage.unknown(lang), status: .notFound)
    }

    static func phoneStarting(_ lang: PhonePage.Language) -> Response {
        var response = phoneText(lang == .vi ? "Hệ thống đang khởi động; vui lòng tải lại sau ít giây." : "The system is starting; reload in a few seconds.",
                                 status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }

    static func backToPage(_ token: String, _ lang: PhonePage.Language) -> Response {
        Response(status: .seeOther, headers: [.location: "/t/\(token)?lang=\(lang.rawValue)", .contentLength: "0"])
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

/// Today's tickets by their page token. Each ticket's token is made once, when the pages first
/// see it; a new day starts a new table. A stream of guessed tokens costs one look-up each.
final class PhoneTokens: Sendable {
    private struct Built {
        var day = ""
        var ids: [String: Int64] = [:]
        var known: Set<Int64> = []
        /// How many rows and open tickets the last scan saw: a miss scans again only when they changed.
        var seen = (today: -1, open: -1)
    }
    private let built = NIOLockedValueBox(Built())

    func ticket(_ token: String, in hall: LiveHall.View, pages: TicketPages) -> Int64? {
        guard TicketPages.isToken(token) else { return nil }
        return built.withLockedValue { b in
            if b.day != hall.state.day { b = Built(day: hall.state.day) }
            if let id = b.ids[token] { return id }
            guard b.seen != (hall.today.count, hall.state.tickets.count) else { return nil }
            b.seen = (hall.today.count, hall.state.tickets.count)
            // Today's rows, and the open tickets in case the rows could not be read.
            for ticket in Array(hall.today.values) + Array(hall.state.tickets.values) where ticket.day == b.day && !b.known.contains(ticket.id) {
                b.known.insert(ticket.id)
                b.ids[pages.token(ticket)] = ticket.id
            }
            return b.ids[token]
        }
    }
}

/// At most `perMinute` unknown tokens a minute from one address (a token bucket that refills
/// evenly): guessing is slow, while phones behind one address (a NAT or a proxy) following real
/// tickets are never refused. The table is swept of full buckets at most once a minute and
/// never holds more than `maxAddresses`.
final class PhoneRateLimit: Sendable {
    private struct Bucket { var tokens: Double; var at: Date }
    private struct Table { var buckets: [String: Bucket] = [:]; var swept = Date.distantPast }
    let perMinute: Double
    let maxAddresses = 50_000
    private let clock: @Sendable () -> Date
    private let table = NIOLockedValueBox(Table())

    init(perMinute: Int = 60, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.perMinute = Double(perMinute)
        self.clock = clock
    }

    func allow(_ address: String) -> Bool {
        let now = clock()
        return table.withLockedValue { t in
            if now.timeIntervalSince(t.swept) > 60 {
                t.buckets = t.buckets.filter { now.timeIntervalSince($0.value.at) < 60 }
                t.swept = now
            }
            // Full of addresses that guessed within the minute: a new one waits for the sweep.
            if t.buckets.count >= maxAddresses && t.buckets[address] == nil { return false }
            var bucket = t.buckets[address] ?? Bucket(tokens: perMinute, at: now)
            bucket.tokens = min(perMinute, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * perMinute / 60)
            bucket.at = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            t.buckets[address] = bucket
            return allowed
        }
    }
}

/// Open phone streams on one server: at most `perToken` for one ticket (a phone, a second tab,
/// a reconnect that overlaps) and `limit` in all, kept below the server's connections so phones
/// cannot take the ones clerks need.
final class PhoneStreams: Sendable {
    let perToken = 3
    let limit: Int
    private let open = NIOLockedValueBox<(total: Int, byToken: [String: Int])>((0, [:]))

    init(limit: Int) { self.limit = limit }

    /// A slot for one more stream of `token`, or nil when full; it is given back when released.
    func open(_ token: String) -> Slot? {
        let taken = open.withLockedValue { o -> Bool in
            guard o.total < limit, o.byToken[token, default: 0] < perToken else { return false }
            o.total += 1
            o.byToken[token, default: 0] += 1
            return true
        }
        return taken ? Slot(streams: self, token: token) : nil
    }

    fileprivate func close(_ token: String) {
        open.withLockedValue { o in
            o.total -= 1
            let left = o.byToken[token, default: 1] - 1
            o.byToken[token] = left > 0 ? left : nil
        }
    }

    final class Slot: Sendable {
        let streams: PhoneStreams
        let token: String
        init(streams: PhoneStreams, token: String) {
            self.streams = streams
            self.token = token
        }
        deinit { streams.close(token) }
    }
}
