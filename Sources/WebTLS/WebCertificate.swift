import Crypto
import Foundation
import NIOCore
import QueueCore
import SwiftASN1
import X509

/// The web pages' TLS certificate: the hall's own (`--tls-cert` and `--tls-key`, say from the
/// city's CA), or else the box's own, made once in the state directory (`web-tls.crt`,
/// `web-tls.key`) by `queuectl web-certificate` at install or by the coordinator's first start.
/// A box's certificate is self-signed: staff compare its SHA-256 fingerprint, which the
/// coordinator logs at every start, with the one their browser shows before they trust it.
public struct WebCertificate: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    /// SHA-256 of the certificate (DER) in the browsers' form, "AB:CD:…".
    public let fingerprint: String
    /// The names and addresses it is valid for.
    public let names: [String]
    public let notValidAfter: Date

    public static let certificateFile = "web-tls.crt"
    public static let keyFile = "web-tls.key"
    /// How long a box's certificate lasts. A self-signed certificate is not held to the public
    /// 398-day limit; a hall keeps one fingerprint for years.
    static let lifetime: TimeInterval = 10 * 365 * 86_400

    /// Reads a certificate and its key (PEM). A file that cannot be read, is not PEM, or a key
    /// that does not belong to the certificate throws a sentence.
    public static func load(certificate certificatePath: String, key keyPath: String) throws -> WebCertificate {
        func read(_ path: String, _ what: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw QueueError(.keyFile, "Cannot read the web \(what) \(path); check the path and that the coordinator's user may read it.")
            }
            return String(decoding: data, as: UTF8.self)
        }
        return try parse(certificatePEM: try read(certificatePath, "certificate"), privateKeyPEM: try read(keyPath, "key"),
                         what: "\(certificatePath) and \(keyPath)")
    }

    /// The box's certificate in `stateDir`, made there first if there is none, it has expired,
    /// or the pair is unreadable or does not match (a start cut short while writing it): `made`
    /// says so, its fingerprint is new.
    public static func box(stateDir: String, files: (certificate: String, key: String) = (certificateFile, keyFile),
                           now: Date = Date()) throws -> (certificate: WebCertificate, made: Bool) {
        let certificatePath = (stateDir as NSString).appendingPathComponent(files.certificate)
        let keyPath = (stateDir as NSString).appendingPathComponent(files.key)
        if let existing = try? load(certificate: certificatePath, key: keyPath), existing.notValidAfter > now {
            return (existing, false)
        }
        do {
            try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw QueueError(.stateDir, "Cannot create the state directory \(stateDir): \(error.localizedDescription). Pick another with --state-dir.")
        }
        let made = try make(names: hostNames(), addresses: hostAddresses(), now: now)
        try write(made.privateKeyPEM, to: keyPath)
        try write(made.certificatePEM, to: certificatePath)
        return (made, true)
    }

    /// A new self-signed certificate (ECDSA P-256) for these host names and IP addresses.
    public static func make(names: [String], addresses: [String], now: Date) throws -> WebCertificate {
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        let subject = try DistinguishedName {
            OrganizationName("Hall queue appliance")
            CommonName(names.first ?? "localhost")
        }
        let alternatives: [GeneralName] = names.map { .dnsName($0) }
            + addresses.compactMap { address in Self.ipBytes(address).map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) } }
        // No key-usage extension: one without "certificate signing" stops TLS libraries that
        // trust this self-signed certificate directly (BoringSSL, a phone that imports it) from
        // taking it as its own issuer.
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(alternatives)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
            // A day back: a phone or PC whose clock is a little behind still accepts it.
            notValidBefore: now - 86_400, notValidAfter: now + lifetime,
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: privateKey)
        return try parse(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation, what: "the new certificate")
    }

    static func parse(certificatePEM: String, privateKeyPEM: String, what: String) throws -> WebCertificate {
        let certificate: Certificate
        let key: Certificate.PrivateKey
        do {
            // A chain file (the leaf, then its intermediates) is taken: the first is this box's.
            guard let leaf = try PEMDocument.parseMultiple(pemString: certificatePEM).first else { throw CertificateError.noCertificate }
            certificate = try Certificate(pemDocument: leaf)
        } catch {
            throw QueueError(.keyFile, "The web certificate in \(what) is not a PEM certificate (\(error)).")
        }
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw QueueError(.keyFile, "The web key in \(what) is not a PEM private key (\(error)).")
        }
        guard key.publicKey == certificate.publicKey else {
            throw QueueError(.keyFile, "The web key in \(what) does not belong to the certificate; give the pair that was made together.")
        }
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        let digest = SHA256.hash(data: serializer.serializedBytes)
        let names = (try? certificate.extensions.subjectAlternativeNames)??.map(Self.describe) ?? []
        return WebCertificate(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM,
                              fingerprint: digest.map { String(format: "%02X", $0) }.joined(separator: ":"),
                              names: names, notValidAfter: certificate.notValidAfter)
    }

    /// This machine's names: its host name (and the same under .local, which phones resolve by
    /// mDNS), and localhost.
    static func hostNames() -> [String] {
        let host = ProcessInfo.processInfo.hostName.lowercased()
        let valid = !host.isEmpty && host.allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber || $0 == "-" || $0 == "." }
            && Self.ipBytes(host) == nil
        var names = valid && host != "localhost" ? [host] : []
        if valid, !host.contains(".") { names.append(host + ".local") }
        return names + ["localhost"]
    }

    /// This machine's IP addresses now (loopback included), as a browser would reach it.
    static func hostAddresses() -> [String] {
        let found = ((try? System.enumerateDevices()) ?? []).compactMap { $0.address?.ipAddress }
            .filter { !$0.lowercased().hasPrefix("fe80") }
        var seen = Set<String>()
        return (["127.0.0.1", "::1"] + found).filter { seen.insert($0).inserted }
    }

    static func ipBytes(_ address: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        if inet_pton(AF_INET6, address, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func describe(_ name: GeneralName) -> String {
        switch name {
        case .dnsName(let dns): return dns
        case .ipAddress(let bytes):
            let raw = Array(bytes.bytes)
            var text = [CChar](repeating: 0, count: 64)
            let family = raw.count == 4 ? AF_INET : AF_INET6
            guard raw.count == 4 || raw.count == 16, inet_ntop(family, raw, &text, 64) != nil else { return "\(raw)" }
            return String(cString: text)
        default: return "\(name)"
        }
    }

    enum CertificateError: Error { case noCertificate }

    /// Writes `text` with mode 0600, replacing any old file atomically (a temporary file of its
    /// own: two writers never mix their halves).
    static func write(_ text: String, to path: String) throws {
        let tmp = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
              rename(tmp, path) == 0 else {
            throw QueueError(.stateDir, "Cannot write \(path); check that the state directory exists and is writable.")
        }
    }
}
