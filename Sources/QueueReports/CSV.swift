/// CSV that Excel and LibreOffice open correctly with Vietnamese text: UTF-8 with a byte-order
/// mark, comma-separated, CRLF line ends, fields quoted by RFC 4180 when needed. Numbers are
/// written as whole numbers (seconds, counts, percent) so no locale can misread a decimal point.
public struct CSV {
    public static let byteOrderMark = "\u{FEFF}"
    private var lines: [String] = []

    public init(header: [String]) { lines.append(Self.line(header)) }

    public mutating func add(_ fields: [String]) { lines.append(Self.line(fields)) }

    /// The whole file, BOM first.
    public var text: String { Self.byteOrderMark + lines.map { $0 + "\r\n" }.joined() }

    /// A field as written: a text that a spreadsheet would run as a formula (it begins with =,
    /// +, -, @, a tab or a carriage return) gets a single quote in front, as OWASP advises
    /// against CSV injection; a plain number ("-12") is left as it is. Then RFC 4180 quoting.
    public static func field(_ raw: String) -> String {
        let value = neutralised(raw)
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if Double(value) != nil, value.allSatisfy({ $0.isASCII }) { return value }
        return "'" + value
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    /// Whole seconds, rounded half up; "" when absent.
    static func seconds(_ value: Double?) -> String { value.map { String(Int(($0).rounded())) } ?? "" }
    static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
}
