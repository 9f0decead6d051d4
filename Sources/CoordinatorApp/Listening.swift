import Foundation

/// Where a running coordinator listens, and the one line on its standard output that says so
/// once every socket is bound: `listening tcp=5740 discovery=5741`, with ` https=8443` for the web
/// pages and ` http=8080` for their redirect (or for plain-HTTP pages on loopback). Scripts,
/// tests and benchmarks that start it on port 0 read this line.
public struct Listening: Equatable, Sendable {
    public var tcp: Int
    /// nil when discovery is off.
    public var discovery: Int?
    /// The plain-HTTP port: the redirect to `https`, or the pages themselves on loopback.
    public var http: Int?
    /// The web pages over TLS.
    public var https: Int?

    public init(tcp: Int, discovery: Int?, http: Int?, https: Int? = nil) {
        self.tcp = tcp
        self.discovery = discovery
        self.http = http
        self.https = https
    }

    public var line: String {
        "listening tcp=\(tcp) discovery=\(discovery.map(String.init) ?? "off")" + (https.map { " https=\($0)" } ?? "") + (http.map { " http=\($0)" } ?? "")
    }

    /// Reads the line; nil for any other.
    public init?(line: String) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard words.first == "listening" else { return nil }
        var fields: [String: String] = [:]
        for word in words.dropFirst() {
            let kv = word.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        guard let tcp = fields["tcp"].flatMap(Int.init) else { return nil }
        self.init(tcp: tcp, discovery: fields["discovery"].flatMap(Int.init), http: fields["http"].flatMap(Int.init),
                  https: fields["https"].flatMap(Int.init))
    }
}
