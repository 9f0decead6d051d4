import Foundation

/// Where a running coordinator listens, and the one line on its standard output that says so
/// once every socket is bound: `listening tcp=5740 discovery=5741` (` http=8080` with the web
/// pages). Scripts, tests and benchmarks that start it on port 0 read this line.
public struct Listening: Equatable, Sendable {
    public var tcp: Int
    /// nil when discovery is off.
    public var discovery: Int?
    /// nil when the web pages are off.
    public var http: Int?

    public init(tcp: Int, discovery: Int?, http: Int?) {
        self.tcp = tcp
        self.discovery = discovery
        self.http = http
    }

    public var line: String {
        "listening tcp=\(tcp) discovery=\(discovery.map(String.init) ?? "off")" + (http.map { " http=\($0)" } ?? "")
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
        self.init(tcp: tcp, discovery: fields["discovery"].flatMap(Int.init), http: fields["http"].flatMap(Int.init))
    }
}
