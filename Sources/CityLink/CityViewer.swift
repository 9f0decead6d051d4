import AsyncHTTPClient
import CityWire
import Foundation
import NIOCore
import NIOSSL
import QueueCore

/// A viewer's requests to the city (`queuectl city report`): HTTP Basic with a name and password
/// from `queue-city viewer add`, over TLS, the city's certificate pinned when one is given.
public struct CityViewer: Sendable {
    public let url: String
    public let certificate: String?
    public let name: String
    public let password: String

    public init(url: String, certificate: String?, name: String, password: String) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.certificate = certificate
        self.name = name
        self.password = password
    }

    /// The report as the city renders it.
    public func report(_ request: CityReportRequest) async throws -> String {
        guard url.hasPrefix("https://") else {
            throw QueueError(.badAddress, "\(url) is not the city's address; write https://HOST:8444.")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let certificate {
            // Pinned: the city's own certificate is the only one trusted; it stands for the name.
            do { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate)) } catch {
                throw QueueError(.config, "Cannot read the city's certificate \(certificate) (PEM): \(error).")
            }
            tls.certificateVerification = .noHostnameVerification
        }
        let http = HTTPClient(eventLoopGroupProvider: .singleton,
                              configuration: .init(tlsConfiguration: tls, timeout: .init(connect: .seconds(10), read: .seconds(120))))
        defer { _ = http.shutdown() }
        var get = HTTPClientRequest(url: url + "/v1/city/report?" + request.query)
        get.headers.add(name: "Authorization", value: "Basic " + Data("\(name):\(password)".utf8).base64EncodedString())
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(get, timeout: .seconds(120))
            body = try await response.body.collect(upTo: 256 << 20)
        } catch {
            throw QueueError(.unreachable, "Cannot reach the city at \(url): \(error). Is queue-city serve running there, and is its certificate the one given?")
        }
        let text = String(buffer: body)
        switch response.status.code {
        case 200: return text
        case 401: throw QueueError(.authFailed, "The city refused viewer \(name): check the name and the password (`queue-city viewer add` on the city's server gives a new one).")
        case 400, 404: throw QueueError(.badRequest, text.trimmingCharacters(in: .whitespacesAndNewlines))
        case 503: throw QueueError(.busy, text.trimmingCharacters(in: .whitespacesAndNewlines))
        default: throw QueueError(.unreachable, "The city answered \(response.status.code): \(text.prefix(300))")
        }
    }
}
