import ArgumentParser
import DeviceKeys
import Foundation
import WebTLS

extension Queuectl {
    struct WebCertificateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "web-certificate",
            abstract: "Print the fingerprint of the web pages' certificate (on the coordinator's machine), making the box's own first if it has none.",
            discussion: """
            The install runs this once, so the fingerprint can be written down. Staff compare it with the one their \
            browser shows for https://THIS-BOX:8443/ before they trust the page. See docs/WEB.md.
            """)

        @Option(help: "The coordinator's state directory.") var stateDir: String?
        @Option(help: "A certificate given to the coordinator with --tls-cert (PEM), instead of the box's own.") var cert: String?
        @Option(help: "Its private key (PEM), as given with --tls-key.") var key: String?

        func run() async throws {
            let certificate: WebCertificate
            if let cert {
                guard let key else { throw ValidationError("Give --key with --cert: the certificate's private key.") }
                certificate = try WebCertificate.load(certificate: cert, key: key)
            } else {
                let dir = stateDir ?? Defaults.stateDirectory
                let (box, made) = try WebCertificate.box(stateDir: dir)
                if made { print("Made this box's web certificate in \(dir).") }
                certificate = box
            }
            print("SHA-256 fingerprint: \(certificate.fingerprint)")
            print("Valid for: \(certificate.names.joined(separator: ", "))")
            print("Valid until: \(ISO8601DateFormatter().string(from: certificate.notValidAfter))")
        }
    }
}
