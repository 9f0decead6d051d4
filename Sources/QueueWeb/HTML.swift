import Foundation
import QueueReports

/// Writing HTML by hand, safely: every piece of text from a person or the database goes
/// through `escape`, so a clerk named `<script>` is shown, never run.
enum HTML {
    /// `QueueReports.HTML.escape`: one escaping for the reports and the pages.
    static func escape(_ text: String) -> String { QueueReports.HTML.escape(text) }

    /// A hidden form field.
    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(escape(name))\" value=\"\(escape(value))\">"
    }

    /// A whole page: Vietnamese first (lang="vi"), our own stylesheet and script only.
    static func page(title: String, bodyClass: String = "", header: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <link rel="stylesheet" href="/static/app.css">
        <script src="/static/app.js" defer></script>
        </head><body class="\(escape(bodyClass))">
        \(header)
        <main>
        \(body.contains("<h1") ? "" : "<h1 class=\"visually-hidden\">\(escape(title))</h1>")
        \(body)
        </main>
        </body></html>

        """
    }

    /// A message box: `kind` is "ok" or "error".
    static func notice(_ message: WebMessage?) -> String {
        // Always present (a live region must be in the accessibility tree before its first
        // message); empty, it takes no room.
        guard let message else { return "<p class=\"notice\" role=\"status\" id=\"notice\"></p>" }
        return "<p class=\"notice \(message.ok ? "ok" : "error")\" role=\"status\" id=\"notice\">\(escape(message.vi))<span class=\"en\" lang=\"en\">\(escape(message.en))</span></p>"
    }
}

/// A sentence for the person at the screen, in Vietnamese first and English second.
struct WebMessage: Codable, Equatable, Sendable {
    var ok: Bool
    var vi: String
    var en: String

    static func ok(_ vi: String, _ en: String) -> WebMessage { WebMessage(ok: true, vi: vi, en: en) }
    static func error(_ vi: String, _ en: String) -> WebMessage { WebMessage(ok: false, vi: vi, en: en) }
}
