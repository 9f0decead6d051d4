import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import QueueCore

/// Each ticket's own page for the citizen's phone (docs/PHONE.md), at `<base>/t/<token>`.
///
/// The token is the first 16 bytes of HMAC-SHA256 over the ticket's day, id, number and the
/// millisecond it was issued, with this hall's secret, in base64url (22 characters): it cannot be
/// guessed, names one ticket (an id given out again after a same-day restore gets another
/// token), carries no number or personal data, and lets nobody act on the queue. The pages find
/// a ticket by its token among the current day's tickets only, so a page ends with its day. The
/// secret is made once, in the state directory (`ticket-pages.key`, mode 0600).
///
/// The base is where phones reach this box's pages: `[phone_page] base_url` in the hall file,
/// else the web listener's own address, set once it listens. Without web pages there is no base,
/// and tickets carry no page.
public final class TicketPages: Sendable {
    public static let file = "ticket-pages.key"
    private let secret: Data
    private let base = NIOLockedValueBox<String?>(nil)

    public init(secret: Data) {
        self.secret = secret
    }

    /// The secret in `stateDir`, made when missing or not 32 bytes (pages of tickets printed
    /// before that stop working, which the log says).
    public static func load(stateDir: String, logger: Logger) throws -> TicketPages {
        let path = (stateDir as NSString).appendingPathComponent(file)
        if let secret = FileManager.default.contents(atPath: path), secret.count == 32 {
            return TicketPages(secret: secret)
        }
        let existed = FileManager.default.fileExists(atPath: path)
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600]) else {
            throw QueueError(.stateDir, "Cannot write \(path), the secret of the tickets' phone pages; check the state directory's owner and free space.")
        }
        logger.notice(existed ? "made a new secret for the tickets' phone pages; pages of tickets printed earlier no longer open" : "made the secret of the tickets' phone pages",
                      metadata: ["path": "\(path)"])
        return TicketPages(secret: secret)
    }

    /// The token of `ticket`.
    public func token(_ ticket: Ticket) -> String {
        let text = "\(ticket.day)|\(ticket.id)|\(ticket.label)|\(ticket.issuedAt.milliseconds)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))
        return Data(mac).prefix(16).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether `text` has a token's shape: 22 base64url characters.
    public static func isToken(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 22 && text.utf8.allSatisfy { $0.isBase64URL }
    }

    /// Where phones reach the pages, without a trailing slash; nil when there are none.
    public var baseURL: String? { base.withLockedValue { $0 } }

    public func setBase(_ url: String?) {
        let trimmed = url.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        base.withLockedValue { $0 = trimmed }
    }

    /// The page of `ticket`, or nil when the pages are not served.
    public func url(for ticket: Ticket) -> String? {
        baseURL.map { "\($0)/t/\(token(ticket))" }
    }
}

private extension UInt8 {
    var isBase64URL: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_")
    }
}
