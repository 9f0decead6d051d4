import NIOSSL

extension WebCertificate {
    /// A TLS server serving this certificate (and its chain), TLS 1.2 or newer.
    public func serverConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}
