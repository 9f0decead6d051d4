import CityStore
import CityWire
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QueueCore
import QueueReports

/// The city dashboard (`/city`, HTML) and its figures (`/v1/city/now`, JSON, `CityNow`), for the
/// viewers `queue-city viewer add` made: HTTP Basic over TLS, checked against the city's database.
extension CityServer {
    func dashboard(_ request: Request, html: Bool) async -> Response {
        do {
            guard try await isViewer(request) else { return Self.signIn() }
            let now = try await withDatabase { try await $0.now() }
            guard html else {
                var response = try Self.json(now)
                response.headers[.cacheControl] = "no-store"
                response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
                return response
            }
            return Response(status: .ok,
                            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                                      .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"],
                            body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html(now))))
        } catch {
            logger.error("dashboard failed", metadata: ["error": "\(error)"])
            return Self.text("The city's database is not available now; try again in a minute.\n", status: .serviceUnavailable)
        }
    }
}

extension CityServer {
    /// `/v1/city/report?from=…&to=…[&unit=…][&hall=…][&format=…][&rank=1]`: a city report, as
    /// `queue-city report` writes it, for a viewer (`queuectl city report`, or a link from the dashboard).
    func report(_ request: Request) async -> Response {
        do {
            guard try await isViewer(request) else { return Self.signIn() }
            let asked: CityReportRequest
            do {
                asked = try CityReportRequest(query: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            } catch let error as QueueError {
                return Self.text(error.message + "\n", status: .badRequest)
            }
            let text: String
            do { text = try await withDatabase { try await CityReportSet.render($0, asked) } } catch let error as QueueError where [.noTickets, .badRequest].contains(error.code) {
                return Self.text(error.message + "\n", status: .notFound)
            }
            let types: [ReportFormat: String] = [.text: "text/plain", .csv: "text/csv", .json: "application/json", .html: "text/html"]
            return Response(status: .ok,
                            headers: [.contentType: (types[asked.format] ?? "text/plain") + "; charset=utf-8", .cacheControl: "no-store",
                                      HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                                      .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        } catch {
            logger.error("report failed", metadata: ["error": "\(error)"])
            return Self.text("The city's database is not available now; try again in a minute.\n", status: .serviceUnavailable)
        }
    }

    func isViewer(_ request: Request) async throws -> Bool {
        guard let header = request.headers[.authorization], let (name, password) = ViewerPassword.basic(header) else { return false }
        return try await withDatabase { try await $0.isViewer(name, password: password) }
    }

    static func signIn() -> Response {
        Response(status: .unauthorized,
                 headers: [.wwwAuthenticate: "Basic realm=\"queue-city\", charset=\"UTF-8\"", .contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "Sign in with a viewer's name and password; the city's IT staff make them with `queue-city viewer add`.\n")))
    }
}
