import CityStore
import CityWire
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The city dashboard (`/city`, HTML) and its figures (`/v1/city/now`, JSON, `CityNow`), for the
/// viewers `queue-city viewer add` made: HTTP Basic over TLS, checked against the city's database.
extension CityServer {
    func dashboard(_ request: Request, html: Bool) async -> Response {
        do {
            guard let header = request.headers[.authorization], let (name, password) = ViewerPassword.basic(header),
                  try await withDatabase({ try await $0.isViewer(name, password: password) }) else {
                return Response(status: .unauthorized,
                                headers: [.wwwAuthenticate: "Basic realm=\"queue-city\", charset=\"UTF-8\"", .contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "Sign in with a viewer's name and password; the city's IT staff make them with `queue-city viewer add`.\n")))
            }
            let now = try await withDatabase { try await $0.now() }
            guard html else { return try Self.json(now) }
            return Response(status: .ok,
                            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                      .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"],
                            body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html(now))))
        } catch {
            logger.error("dashboard failed", metadata: ["error": "\(error)"])
            return Self.text("The city's database is not available now; try again in a minute.\n", status: .serviceUnavailable)
        }
    }
}
