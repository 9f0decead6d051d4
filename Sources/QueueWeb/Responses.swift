import Foundation
import HTTPTypes
import Hummingbird
import QueueCore

/// The kinds of answer the pages give.
extension WebConsole {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// After a form post: go and look (303, so a reload never posts twice).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// For the script's background posts: `{"ok":…,"vi":…,"en":…}`.
    static func json(_ message: WebMessage, status: HTTPResponse.Status = .ok, extra: [String: String] = [:]) -> Response {
        var object: [String: Any] = ["ok": message.ok, "vi": message.vi, "en": message.en]
        for (k, v) in extra { object[k] = v }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A small page that says what went wrong and where to go next.
    static func errorPage(_ message: WebMessage, status: HTTPResponse.Status) -> Response {
        html(HTML.page(title: "Không thực hiện được · Not done", body: """
        <div class="login">\(HTML.notice(message))
        <p><a class="button" href="/">Về trang chính <span class="en" lang="en">Back to the start</span></a></p></div>
        """), status: status)
    }

    /// Whether the script sent this (it asks for JSON), rather than a plain form post.
    static func wantsJSON(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("application/json") ?? false
    }

    /// The form body of a post, at most `maxBody` bytes.
    static func form(_ request: Request) async throws -> Form {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxBody) } catch {
            throw QueueError(.badForm, "The form is larger than \(maxBody / 1024) KiB.")
        }
        return Form(urlEncoded: String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    static func query(_ request: Request) -> Form { Form(urlEncoded: request.uri.query ?? "") }

    static func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: SessionStore.cookie, value: token, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    static func expiredCookie(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }
}

/// Headers on every answer: nothing may load from elsewhere, nothing may frame the pages but
/// themselves, and no inline script runs (the pages have none).
struct SecurityHeaders: RouterMiddleware {
    typealias Context = WebContext
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "same-origin"
        response.headers[Self.frameOptions] = "SAMEORIGIN"
        return response
    }
}
