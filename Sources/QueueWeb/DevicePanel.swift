import Foundation
import QueueCore

/// The dashboard's boards and kiosks: online or offline since when, the kiosk's printer and last
/// ticket printed, whether a screen's drawing still comes round, a board's speakers. What needs
/// a person also goes in the dashboard's "needs attention" list. Pure.
enum DevicePanel {
    static func panel(_ devices: [DeviceHealth], now: Date, zone: TimeZone) -> String {
        guard !devices.isEmpty else { return "" }
        var rows = ""
        for d in devices {
            let problems = d.problems(now: now)
            let status = d.online
                ? "<span class=\"badge online\">Trực tuyến <span class=\"en\" lang=\"en\">online</span></span> <span class=\"muted\">từ \(Format.clock(d.since, zone))</span>"
                : "<span class=\"badge offline\">Mất kết nối <span class=\"en\" lang=\"en\">offline</span></span> từ \(Format.clock(d.since, zone)) (\(ago(d.since, now)))"
            var printer = "<span class=\"muted\">—</span>"
            if let p = d.state?.printer {
                let (vi, en) = Texts.printer(p)
                printer = "<span class=\"\(p == .ready ? "" : p.stopsPrinting ? "bad" : "warn")\">\(vi) <span class=\"en\" lang=\"en\">\(en)</span></span>"
            }
            let printed = d.state?.lastPrintedAt.map { "\(Format.clock($0, zone)) (\(ago($0, now)))" } ?? "<span class=\"muted\">—</span>"
            var screen = "<span class=\"muted\">—</span>"
            if d.online, let at = d.state?.screenAt {
                screen = problems.contains(.screenStuck(since: at))
                    ? "<span class=\"bad\">không phản hồi từ \(Format.clock(at, zone)) <span class=\"en\" lang=\"en\">not responding</span></span>"
                    : "bình thường <span class=\"en\" lang=\"en\">ok</span>"
            }
            let audio = d.state?.audio.map { $0 ? "có loa <span class=\"en\" lang=\"en\">speakers</span>" : "<span class=\"warn\">không có loa <span class=\"en\" lang=\"en\">silent</span></span>" }
                ?? "<span class=\"muted\">—</span>"
            rows += "<tr class=\"\(problems.isEmpty ? "" : "needs-attention")\" data-device=\"\(HTML.escape(d.name))\"><th>\(HTML.escape(d.name))</th><td>\(Texts.role(d.role))</td>"
            rows += "<td>\(status)</td><td>\(printer)</td><td>\(printed)</td><td>\(screen)</td><td>\(audio)</td></tr>"
        }
        return """
        <section class="devices" id="devices"><h2>Tình trạng thiết bị <span class="en" lang="en">Device status</span></h2>
        <table><thead><tr><th>Thiết bị <span class="en" lang="en">device</span></th><th>Loại <span class="en" lang="en">kind</span></th><th>Kết nối <span class="en" lang="en">link</span></th>
        <th>Máy in <span class="en" lang="en">printer</span></th><th>Lần in cuối <span class="en" lang="en">last printed</span></th><th>Màn hình <span class="en" lang="en">screen</span></th>
        <th>Âm thanh <span class="en" lang="en">audio</span></th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }

    /// One line per device problem for the "needs attention" list.
    static func alerts(_ devices: [DeviceHealth], now: Date, zone: TimeZone) -> [String] {
        devices.flatMap { d in
            d.problems(now: now).map { problem -> String in
                let name = HTML.escape(d.name)
                switch problem {
                case .offline(let since):
                    return "<li>\(name) mất kết nối từ \(Format.clock(since, zone)) (\(ago(since, now))) <span class=\"en\" lang=\"en\">\(name) offline since \(Format.clock(since, zone))</span></li>"
                case .screenStuck(let since):
                    return "<li>Màn hình \(name) không phản hồi từ \(Format.clock(since, zone)) <span class=\"en\" lang=\"en\">\(name)'s screen not responding</span></li>"
                case .printer(let p):
                    let (vi, en) = Texts.printer(p)
                    return "<li>\(name): \(vi) <span class=\"en\" lang=\"en\">\(name): \(en)</span></li>"
                case .silent:
                    return "<li>\(name) không phát được thông báo (không có loa) <span class=\"en\" lang=\"en\">\(name) cannot play announcements (no audio device)</span></li>"
                }
            }
        }
    }

    /// "12 phút trước · 12 min ago", "vừa xong · just now".
    static func ago(_ then: Date, _ now: Date) -> String {
        let minutes = Int(now.timeIntervalSince(then) / 60)
        if minutes < 1 { return "vừa xong <span class=\"en\" lang=\"en\">just now</span>" }
        if minutes < 120 { return "\(minutes) phút trước <span class=\"en\" lang=\"en\">\(minutes) min ago</span>" }
        return "\(minutes / 60) giờ trước <span class=\"en\" lang=\"en\">\(minutes / 60) h ago</span>"
    }
}
