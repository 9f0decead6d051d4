import CityStore
import CityWire
import Foundation
import QueueCore
import QueueReports

/// The city dashboard as one HTML page, made from `CityNow` alone (pure): halls online, citizens
/// waiting now, today's figures by unit and by hall, and the halls not heard from. Vietnamese
/// first, English after; no script; it reloads itself every 30 seconds.
public enum DashboardPage {
    /// The city plan's targets for the mean wait: 30 minutes, then 15.
    static let target = 15.0 * 60, ceiling = 30.0 * 60

    public static func html(_ now: CityNow) -> String {
        let at = Date(milliseconds: now.at)
        let clock = LocalTime(at, in: TimeZone(identifier: now.timeZone) ?? .current)
        let time = String(format: "%02d:%02d", clock.minuteOfDay / 60, clock.minuteOfDay % 60)
        let online = now.halls.filter(\.online).count
        // This week's reports, Monday to today.
        let monday = CivilDay.adding(1 - (CivilDay.weekday(clock.day) ?? 1), to: clock.day) ?? clock.day
        func week(unit: String? = nil, rank: Bool = false) -> String {
            "/v1/city/report?" + HTML.escape(CityReportRequest(unit: unit, from: monday, to: clock.day, format: .html, rank: rank).query)
        }
        var out = """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="30">
        <title>Toàn thành phố hôm nay · City today</title>
        <style>\(style)</style></head><body>
        <header><h1>Toàn thành phố — hôm nay <span class="en" lang="en">City — today</span></h1>
        <p class="when">\(HTML.escape(clock.day)) \(time) · tự cập nhật mỗi 30 giây <span class="en" lang="en">updates every 30 s</span></p>
        <p class="links"><a href="\(week())">Báo cáo tuần này <span class="en" lang="en">This week's report</span></a> ·
        <a href="\(week(rank: true))">Xếp hạng các điểm <span class="en" lang="en">Halls ranked</span></a></p></header>
        <section class="tiles">
        \(tile("Điểm đang kết nối", "Halls online", "\(online) / \(now.halls.count)", online == now.halls.count ? "ok" : "warn"))
        \(tile("Đang chờ", "Waiting now", Formatting.count(now.total.waiting), ""))
        \(tile("Chờ lâu nhất", "Longest waiting", Formatting.duration(now.total.longestWaiting), level(now.total.longestWaiting)))
        \(tile("Phiếu hôm nay", "Tickets today", Formatting.count(now.total.tickets), ""))
        \(tile("Đã giải quyết", "Served", Formatting.count(now.total.served), ""))
        \(tile("Chờ trung bình", "Mean wait", Formatting.duration(now.total.meanWait), level(now.total.meanWait)))
        </section>
        <p class="legend">Mục tiêu của thành phố: chờ trung bình ≤ 30 phút, rồi ≤ 15 phút. <span class="en" lang="en">The city's targets: a mean wait of 30 min at most, then 15.</span>
        <span class="ok">■</span> ≤ 15:00 <span class="warn">■</span> ≤ 30:00 <span class="bad">■</span> &gt; 30:00</p>

        """
        let silent = now.silent
        out += "<h2>Chưa liên lạc <span class=\"en\" lang=\"en\">Not heard from</span></h2>\n"
        if silent.isEmpty {
            out += "<p class=\"ok\">Mọi điểm đều đang kết nối. <span class=\"en\" lang=\"en\">Every hall is online.</span></p>\n"
        } else {
            out += "<table><thead><tr><th>Điểm <span class=\"en\" lang=\"en\">Hall</span></th><th>Liên lạc lần cuối <span class=\"en\" lang=\"en\">Last heard from</span></th></tr></thead><tbody>\n"
            for h in silent {
                let since = h.lastSeen.map { "\(ago(Double(now.at - $0) / 1000)) trước <span class=\"en\" lang=\"en\">ago</span>" } ?? "chưa bao giờ <span class=\"en\" lang=\"en\">never</span>"
                out += "<tr class=\"bad\"><td>\(HTML.escape(h.name))</td><td>\(since)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += "<h2>Theo đơn vị <span class=\"en\" lang=\"en\">By unit</span></h2>\n<table><thead><tr><th>Đơn vị <span class=\"en\" lang=\"en\">Unit</span></th><th>Kết nối <span class=\"en\" lang=\"en\">Online</span></th>"
            + headings + "</tr></thead><tbody>\n"
        for u in now.units {
            out += "<tr><td><a href=\"\(week(unit: u.id))\">\(HTML.escape(u.name))</a> <span class=\"en\" lang=\"en\">\(HTML.escape(u.level))</span></td><td class=\"n\">\(u.online) / \(u.halls)</td>\(cells(u.today))</tr>\n"
        }
        out += "</tbody></table>\n<h2>Theo điểm <span class=\"en\" lang=\"en\">By hall</span></h2>\n<table><thead><tr><th>Điểm <span class=\"en\" lang=\"en\">Hall</span></th><th>Kết nối <span class=\"en\" lang=\"en\">Online</span></th>"
            + headings + "</tr></thead><tbody>\n"
        for h in now.halls {
            let dot = h.online ? "<span class=\"ok\">●</span>" : "<span class=\"bad\">●</span>"
            // A hall gone silent: its figures stop where the city last heard from it.
            let asOf = !h.online && h.lastSeen != nil ? " <span class=\"en\" lang=\"en\">(đến lần liên lạc cuối · as last heard)</span>" : ""
            out += "<tr><td>\(HTML.escape(h.name))\(asOf)</td><td class=\"n\">\(dot)</td>\(cells(h.today))</tr>\n"
        }
        out += "</tbody></table>\n<footer>Phiếu: mỗi lượt phục vụ (chuyển quầy là lượt mới). Chờ: từ lúc lấy phiếu (hoặc được chuyển) đến lần gọi đầu. "
            + "<span class=\"en\" lang=\"en\">Tickets are service legs (a transfer opens a new one); a wait runs from joining the queue to the first call.</span></footer>\n</body></html>\n"
        return out
    }

    static let headings = ["Đang chờ <span class=\"en\" lang=\"en\">Waiting</span>", "Tại quầy <span class=\"en\" lang=\"en\">At a counter</span>",
                           "Chờ lâu nhất <span class=\"en\" lang=\"en\">Longest waiting</span>", "Phiếu <span class=\"en\" lang=\"en\">Tickets</span>",
                           "Đã giải quyết <span class=\"en\" lang=\"en\">Served</span>", "Chờ TB <span class=\"en\" lang=\"en\">Mean wait</span>"]
        .map { "<th>\($0)</th>" }.joined()

    static func cells(_ t: CityNow.Today) -> String {
        [("n", Formatting.count(t.waiting)), ("n", Formatting.count(t.atCounter)),
         ("n " + level(t.longestWaiting), Formatting.duration(t.longestWaiting)), ("n", Formatting.count(t.tickets)),
         ("n", Formatting.count(t.served)), ("n " + level(t.meanWait), Formatting.duration(t.meanWait))]
            .map { "<td class=\"\($0.0)\">\($0.1)</td>" }.joined()
    }

    static func tile(_ vi: String, _ en: String, _ value: String, _ level: String) -> String {
        "<div class=\"tile \(level)\"><div class=\"value\">\(value)</div><div class=\"label\">\(vi)<br><span class=\"en\" lang=\"en\">\(en)</span></div></div>"
    }

    /// ok, warn or bad against the city's targets; "" for no figure.
    static func level(_ seconds: Double?) -> String {
        guard let seconds else { return "" }
        return seconds <= target ? "ok" : seconds <= ceiling ? "warn" : "bad"
    }

    static func ago(_ seconds: Double) -> String {
        let s = max(0, seconds)
        switch s {
        case ..<90: return "\(Int(s)) giây"
        case ..<5_400: return "\(Int(s / 60)) phút"
        case ..<172_800: return "\(Int(s / 3_600)) giờ"
        default: return "\(Int(s / 86_400)) ngày"
        }
    }

    static let style = """
    body{font-family:"Noto Sans","DejaVu Sans",sans-serif;margin:0 2rem 2rem;color:#1a1a1a;background:#fff;font-size:18px}
    h1{font-size:2rem;margin:1.2rem 0 .2rem}h2{font-size:1.4rem;margin:1.6rem 0 .5rem}
    .en{color:#555;font-weight:normal;font-size:.85em}.when{margin:0;color:#333}
    .tiles{display:flex;flex-wrap:wrap;gap:1rem;margin:1.2rem 0}
    .tile{border:2px solid #ccc;border-radius:8px;padding:.8rem 1.2rem;min-width:11rem}
    .tile .value{font-size:2.4rem;font-weight:bold}.tile .label{font-size:1rem}
    .tile.ok{border-color:#1b7f3b}.tile.warn{border-color:#b26b00}.tile.bad{border-color:#b3261e}
    table{border-collapse:collapse;min-width:60%}th,td{padding:.35rem .7rem;border-bottom:1px solid #ddd;text-align:left}
    th{background:#f2f2f2;font-size:.95rem}td.n{text-align:right;font-variant-numeric:tabular-nums}
    .ok{color:#1b7f3b}.warn{color:#b26b00}.bad{color:#b3261e}tr.bad td:first-child{font-weight:bold}
    .legend{font-size:.95rem}footer{margin-top:2rem;font-size:.9rem;color:#444}
    a{color:#0b57d0}.links{margin:.4rem 0 0}
    """
}
