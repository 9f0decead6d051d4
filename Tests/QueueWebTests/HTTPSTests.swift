import ArgumentParser
import AsyncHTTPClient
import CoordinatorApp
import Foundation
import NIOCore
import NIOSSL
import QueueCore
import Testing
import WebTLS

/// The web pages over HTTPS: the box's own certificate, made once and kept; the real
/// coordinator serving the pages over TLS to a client that trusts that certificate alone (so its
/// names are right too), with `Secure` cookies; plain HTTP sending browsers to HTTPS; and plain
/// HTTP on a hall LAN address refused.
@Suite struct HTTPSTests {
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("https-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func theBoxMakesItsCertificateOnceAndKeepsItUntilItExpires() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let now = Date()
        let (first, made) = try WebCertificate.box(stateDir: dir, now: now)
        #expect(made)
        #expect(first.fingerprint.split(separator: ":").count == 32)
        #expect(first.names.contains("localhost") && first.names.contains("127.0.0.1") && first.names.contains("::1"))
        for file in [WebCertificate.certificateFile, WebCertificate.keyFile] {
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) is readable by others")
        }
        let (again, madeAgain) = try WebCertificate.box(stateDir: dir, now: now + 86_400)
        #expect(!madeAgain)
        #expect(again.fingerprint == first.fingerprint)
        // A pair that does not match (a start cut short while writing it) is made again.
        let stray = try WebCertificate.make(names: ["stray"], addresses: [], now: now)
        try stray.privateKeyPEM.write(toFile: dir + "/" + WebCertificate.keyFile, atomically: true, encoding: .utf8)
        let (healed, remade) = try WebCertificate.box(stateDir: dir, now: now)
        #expect(remade && healed.fingerprint != first.fingerprint)
        // Expired: a new one, with a new fingerprint.
        let (renewed, renewedMade) = try WebCertificate.box(stateDir: dir, now: healed.notValidAfter + 1)
        #expect(renewedMade)
        #expect(renewed.fingerprint != healed.fingerprint)
    }

    @Test func aKeyThatIsNotTheCertificatesOrAFileThatIsNotPEMIsRefusedWithASentence() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try WebCertificate.make(names: ["hall-a"], addresses: [], now: Date())
        let b = try WebCertificate.make(names: ["hall-b"], addresses: [], now: Date())
        try a.certificatePEM.write(toFile: dir + "/a.crt", atomically: true, encoding: .utf8)
        try b.privateKeyPEM.write(toFile: dir + "/b.key", atomically: true, encoding: .utf8)
        try "not a certificate".write(toFile: dir + "/junk.crt", atomically: true, encoding: .utf8)
        #expect(throws: QueueError.self) { try WebCertificate.load(certificate: dir + "/a.crt", key: dir + "/b.key") }
        // A chain file (this box's certificate, then an intermediate) is taken; the first is the box's.
        try (a.certificatePEM + b.certificatePEM).write(toFile: dir + "/chain.crt", atomically: true, encoding: .utf8)
        try a.privateKeyPEM.write(toFile: dir + "/a.key", atomically: true, encoding: .utf8)
        #expect(try WebCertificate.load(certificate: dir + "/chain.crt", key: dir + "/a.key").fingerprint == a.fingerprint)
        do {
            _ = try WebCertificate.load(certificate: dir + "/a.crt", key: dir + "/b.key")
        } catch let error as QueueError {
            #expect(error.message.contains("does not belong to the certificate"))
        }
        do {
            _ = try WebCertificate.load(certificate: dir + "/junk.crt", key: dir + "/b.key")
            Issue.record("a file that is not PEM was taken")
        } catch let error as QueueError {
            #expect(error.message.contains("is not a PEM certificate"))
        }
        do {
            _ = try WebCertificate.load(certificate: dir + "/missing.crt", key: dir + "/b.key")
            Issue.record("a missing file was taken")
        } catch let error as QueueError {
            #expect(error.message.contains("Cannot read the web certificate"))
        }
    }

    @Test func plainHTTPOnAHallAddressIsRefusedAndOnLoopbackAllowed() throws {
        func web(_ arguments: [String]) throws -> WebListeners? { try CoordinatorArguments.parse(arguments).web() }
        do {
            _ = try web(["--http-port", "8080"])
            Issue.record("plain HTTP on 0.0.0.0 was accepted")
        } catch let error as ValidationError {
            #expect(error.message.contains("--https-port"))
        }
        #expect(try web(["--http-port", "8080", "--http-host", "127.0.0.1"]) == WebListeners(host: "127.0.0.1", https: nil, http: 8080))
        #expect(try web(["--https-port", "8443", "--http-port", "8080"]) == WebListeners(host: "0.0.0.0", https: 8443, http: 8080))
        #expect(try web([]) == nil)
        #expect(throws: ValidationError.self) { try web(["--https-port", "8443", "--tls-cert", "/etc/hall.crt"]) }
    }

    @Test(.timeLimit(.minutes(1)))
    func theCoordinatorServesThePagesOverTLSWithSecureCookiesAndSendsPlainHTTPThere() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (server, listening) = try await HallServer.startLocal(
            ["--state-dir", dir + "/state", "--host", "127.0.0.1", "--port", "0", "--no-discovery",
             "--https-port", "0", "--http-port", "0"], logFile: dir + "/coordinator.log")
        let https = try #require(listening.https), http = try #require(listening.http)
        #expect(Listening(line: listening.line) == listening)

        // A client that trusts only this box's certificate, and checks the name it was reached by.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(dir + "/state/" + WebCertificate.certificateFile))
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow))
        // A client that trusts the usual authorities only: the box's own certificate is not theirs.
        let stranger = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            for host in ["127.0.0.1", "localhost"] {
                let page = try await client.execute(HTTPClientRequest(url: "https://\(host):\(https)/login"), timeout: .seconds(10))
                #expect(page.status == .ok)
                let cookie = page.headers["set-cookie"].joined(separator: "; ")
                #expect(cookie.contains("queue_login=") && cookie.contains("Secure") && cookie.contains("HttpOnly"), "\(cookie)")
                let body = String(buffer: try await page.body.collect(upTo: 1 << 20))
                #expect(body.contains("<form"))
            }
            let redirect = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(http)/manager/report?date=2026-11-30"), timeout: .seconds(10))
            #expect(redirect.status == .permanentRedirect)
            #expect(redirect.headers["location"] == ["https://127.0.0.1:\(https)/manager/report?date=2026-11-30"])
            // Plain HTTP spoken to the HTTPS port gets no page.
            await #expect(throws: (any Error).self) {
                _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(https)/login"), timeout: .seconds(5))
            }
            await #expect(throws: (any Error).self) {
                _ = try await stranger.execute(HTTPClientRequest(url: "https://127.0.0.1:\(https)/login"), timeout: .seconds(5))
            }
        } catch {
            Issue.record("\(error)")
        }
        try await client.shutdown()
        try await stranger.shutdown()
        await server.stop()
        let log = (try? String(contentsOfFile: dir + "/coordinator.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("error"), "\(log)")
    }
}
