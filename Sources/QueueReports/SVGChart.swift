import Foundation

/// Small inline SVG charts for the HTML report: plain strings, no scripts, no fonts to fetch.
/// A bar over its target is drawn in red; a dashed orange line marks a target.
enum SVGChart {
    static let barColor = "#3b6ea5"
    static let overColor = "#c0504d"
    static let targetColor = "#d9822b"
    static let lineColor = "#2e7d32"

    struct Bar {
        var label: String
        var value: Double
        var text: String
        /// This bar's own target (drawn as a tick), if it has one.
        var target: Double?
    }

    /// `text` in at most two lines of about `width` characters, broken at a space; a second line
    /// that is still too long ends in "…" (no name in a hall file is that long).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count > 1 else { return [String(text.prefix(width - 1)) + "…"] }
        // The break that makes the longer of the two lines shortest ("F Lao động – Thương binh" /
        // "và Xã hội", not a lone "hội").
        let split = (1..<words.count).min { a, b in
            let la = max(words[..<a].joined(separator: " ").count, words[a...].joined(separator: " ").count)
            let lb = max(words[..<b].joined(separator: " ").count, words[b...].joined(separator: " ").count)
            return la < lb
        }!
        var first = words[..<split].joined(separator: " "), second = words[split...].joined(separator: " ")
        if first.count > width { first = String(first.prefix(width - 1)) + "…" }
        if second.count > width { second = String(second.prefix(width - 1)) + "…" }
        return [first, second]
    }

    /// Horizontal bars, one per row, with an optional common target line.
    /// With `higherIsBetter` (a clerk's pace) a bar under the target is the one drawn red.
    static func horizontal(_ bars: [Bar], target: Double? = nil, targetText: String = "", higherIsBetter: Bool = false, width: Int = 680) -> String {
        // A name that does not fit on one line (~30 characters in the label column) wraps onto a
        // second, never cut: every row grows then, so bars stay evenly spaced.
        let labels = bars.map { wrap($0.label, width: 30) }
        let twoLines = labels.contains { $0.count > 1 }
        let rowHeight = twoLines ? 34 : 20, labelWidth = 190, valueWidth = 70, top = 18
        let height = top + bars.count * rowHeight + 8
        let plot = Double(width - labelWidth - valueWidth)
        let maxValue = max(1e-9, (bars.map { max($0.value, $0.target ?? 0) } + [target ?? 0]).max() ?? 1) * 1.05
        func x(_ v: Double) -> Double { Double(labelWidth) + v / maxValue * plot }
        var s = header(width, height)
        for (i, b) in bars.enumerated() {
            let y = top + i * rowHeight
            let over = (b.target ?? target).map { higherIsBetter ? b.value < $0 : b.value > $0 } ?? false
            let lines = labels[i]
            let firstBaseline = y + rowHeight / 2 + 5 - (lines.count - 1) * 7
            let spans = lines.enumerated().map { n, line in
                #"<tspan x="\#(labelWidth - 6)" y="\#(firstBaseline + n * 14)">\#(HTML.escape(line))</tspan>"#
            }.joined()
            s += #"<text text-anchor="end">\#(spans)</text>"#
            s += #"<rect x="\#(labelWidth)" y="\#(y + rowHeight / 2 - 7)" width="\#(fmt(max(0, x(b.value) - Double(labelWidth))))" height="14" fill="\#(over ? overColor : barColor)"/>"#
            s += #"<text x="\#(fmt(x(b.value) + 4))" y="\#(y + rowHeight / 2 + 5)">\#(HTML.escape(b.text))</text>"#
            if let t = b.target {
                s += #"<line x1="\#(fmt(x(t)))" x2="\#(fmt(x(t)))" y1="\#(y + rowHeight / 2 - 9)" y2="\#(y + rowHeight / 2 + 9)" stroke="\#(targetColor)" stroke-width="2.5"/>"#
            }
        }
        if let target {
            s += #"<line x1="\#(fmt(x(target)))" x2="\#(fmt(x(target)))" y1="\#(top - 4)" y2="\#(height - 6)" stroke="\#(targetColor)" stroke-width="1.5" stroke-dasharray="5,3"/>"#
            s += #"<text x="\#(fmt(x(target)))" y="\#(top - 6)" text-anchor="middle" fill="\#(targetColor)">\#(HTML.escape(targetText))</text>"#
        }
        return s + "</svg>"
    }

    /// Vertical columns (e.g. a histogram or arrivals per hour), an optional line on a second
    /// axis (e.g. mean wait per hour) and an optional target on that second axis (or on the
    /// columns' axis when there is no line).
    static func columns(labels: [String], values: [Double], columnAxis: String,
                        line: [Double?]? = nil, lineAxis: String = "",
                        target: Double? = nil, targetText: String = "", overTarget: [Bool]? = nil,
                        vertical: (at: Double, text: String)? = nil,
                        width: Int = 680, height: Int = 220) -> String {
        let left = 44.0, right = line == nil ? 12.0 : 52.0, top = 22.0, bottom = 34.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let n = max(1, labels.count)
        let slot = plotW / Double(n)
        let colTicks = Ticks(max: max(values.max() ?? 1, line == nil ? (target ?? 0) : 0), whole: true)
        let maxCol = colTicks.top
        let lineValues = (line ?? []).compactMap { $0 }
        let lineTicks = Ticks(max: max(lineValues.max() ?? 1, line != nil ? (target ?? 0) : 0), whole: false)
        let maxLine = lineTicks.top
        func yCol(_ v: Double) -> Double { top + plotH - v / maxCol * plotH }
        func yLine(_ v: Double) -> Double { top + plotH - v / maxLine * plotH }
        var s = header(width, height)
        for v in colTicks.values {
            s += #"<line x1="\#(fmt(left))" x2="\#(fmt(left + plotW))" y1="\#(fmt(yCol(v)))" y2="\#(fmt(yCol(v)))" stroke="rgb(221,221,221)"/>"#
            s += #"<text x="\#(fmt(left - 4))" y="\#(fmt(yCol(v) + 4))" text-anchor="end">\#(colTicks.text(v))</text>"#
        }
        if line != nil {
            for lv in lineTicks.values {
                s += #"<text x="\#(fmt(left + plotW + 4))" y="\#(fmt(yLine(lv) + 4))" fill="\#(lineColor)">\#(HTML.escape(lineTicks.text(lv)))</text>"#
            }
        }
        let labelEvery = max(1, Int((Double(labels.count) / 16).rounded(.up)))
        for (i, v) in values.enumerated() {
            let x = left + Double(i) * slot
            let over = overTarget?[i] ?? false
            s += #"<rect x="\#(fmt(x + slot * 0.12))" y="\#(fmt(yCol(v)))" width="\#(fmt(slot * 0.76))" height="\#(fmt(max(0, top + plotH - yCol(v))))" fill="\#(over ? overColor : barColor)"/>"#
            if i % labelEvery == 0 {
                s += #"<text x="\#(fmt(x + slot / 2))" y="\#(fmt(top + plotH + 14))" text-anchor="middle">\#(HTML.escape(labels[i]))</text>"#
            }
        }
        if let line {
            // One stroke per run of values: an interval with none (nobody called) breaks the line
            // rather than bridging it.
            var runs: [[String]] = [[]]
            for (i, v) in line.enumerated() {
                if let v { runs[runs.count - 1].append("\(fmt(left + (Double(i) + 0.5) * slot)),\(fmt(yLine(v)))") } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
            }
            for run in runs where run.count > 1 {
                s += #"<polyline points="\#(run.joined(separator: " "))" fill="none" stroke="\#(lineColor)" stroke-width="2"/>"#
            }
            for p in runs.joined() {
                let xy = p.split(separator: ",")
                s += #"<circle cx="\#(xy[0])" cy="\#(xy[1])" r="3" fill="\#(lineColor)"/>"#
            }
        }
        if let target {
            let y = line != nil ? yLine(target) : yCol(target)
            s += #"<line x1="\#(fmt(left))" x2="\#(fmt(left + plotW))" y1="\#(fmt(y))" y2="\#(fmt(y))" stroke="\#(targetColor)" stroke-width="1.5" stroke-dasharray="5,3"/>"#
            // Below the line when it runs along the top, where the axis titles are.
            let textY = y < top + 14 ? y + 12 : y - 4
            s += #"<text x="\#(fmt(left + plotW - 2))" y="\#(fmt(textY))" text-anchor="end" fill="\#(targetColor)">\#(HTML.escape(targetText))</text>"#
        }
        if let vertical {
            let x = left + vertical.at * slot
            s += #"<line x1="\#(fmt(x))" x2="\#(fmt(x))" y1="\#(fmt(top - 2))" y2="\#(fmt(top + plotH))" stroke="\#(targetColor)" stroke-width="1.5" stroke-dasharray="5,3"/>"#
            s += #"<text x="\#(fmt(x + 4))" y="\#(fmt(top + 10))" fill="\#(targetColor)">\#(HTML.escape(vertical.text))</text>"#
        }
        s += #"<text x="\#(fmt(left))" y="12">\#(HTML.escape(columnAxis))</text>"#
        if line != nil { s += #"<text x="\#(fmt(left + plotW))" y="12" text-anchor="end" fill="\#(lineColor)">\#(HTML.escape(lineAxis))</text>"# }
        return s + "</svg>"
    }

    static func header(_ width: Int, _ height: Int) -> String {
        #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" width="100%" font-family="sans-serif" font-size="11">"#
    }

    /// Axis ticks people read at a glance: 0 and steps of 1, 2 or 5 × a power of ten (2.5 too for
    /// non-counts), at most 5 steps, the top at or above the largest value. Counts (`whole`)
    /// step by whole numbers, so a small axis reads 0, 1, 2, not 0, 1, 1, 2, 2.
    struct Ticks {
        let step: Double
        let top: Double

        init(max value: Double, whole: Bool) {
            let v = value > 0 ? value : 1
            let rough = v / 5
            let magnitude = pow(10, floor(log10(rough)))
            var chosen = 10 * magnitude
            for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= rough {
                if m == 2.5 && (whole || magnitude < 1) { continue }
                chosen = m * magnitude
                break
            }
            if whole { chosen = Swift.max(1, chosen.rounded()) }
            step = chosen
            top = (v / chosen).rounded(.up) * chosen
        }

        var values: [Double] { (0...Int((top / step).rounded())).map { Double($0) * step } }

        func text(_ v: Double) -> String {
            step >= 1 && step == step.rounded() ? Formatting.count(Int(v.rounded())) : String(format: "%.1f", v)
        }
    }

    static func niceMax(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(v)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= v { return step * magnitude }
        return 10 * magnitude
    }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Text from people or the database, made safe to put in HTML.
public enum HTML {
    public static func escape(_ text: String) -> String {
        // On UTF-8 bytes: the five are ASCII, never part of another character's bytes, and a
        // combining mark after "<" cannot hide it (as it would from a walk by `Character`).
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
