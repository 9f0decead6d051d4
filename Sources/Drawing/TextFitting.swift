/// Measures text as the renderer will draw it. The Render module implements it with SDL_ttf;
/// tests use a fixed-width fake.
public protocol TextMeasurer {
    /// Width and height in pixels of `text` in one line at `size` points.
    func measure(_ text: String, size: Int, bold: Bool) -> (w: Int, h: Int)
}

public enum Align: Sendable { case left, center, right }

/// Places text in a box so it always fits: the largest size up to `maxSize` that fits on one line;
/// if that would be below `minSize`, the text wraps onto as many lines as the box height allows at
/// `minSize` or more, and the last line is cut with "…" only when even that cannot fit.
public struct TextFitter {
    public let measurer: TextMeasurer

    public init(_ measurer: TextMeasurer) { self.measurer = measurer }

    public func fit(_ text: String, in box: Rect, maxSize: Int, minSize: Int = 12, bold: Bool = false,
                    color: Color, align: Align = .left) -> [DrawCommand] {
        guard let (lines, size) = layout(text, in: box, maxSize: maxSize, minSize: minSize, bold: bold) else { return [] }
        return place(lines, size: size, in: box, bold: bold, color: color, align: align)
    }

    /// The largest size up to `maxSize` at which `text` fits `box` whole, wrapped onto as many
    /// lines as it needs (`minSize` when none does). To give several boxes one size, the
    /// smallest of theirs, so their texts do not jump in size from one box to the next: then
    /// `fit` with that size as both `maxSize` and `minSize` draws each whole.
    public func largestWrappedSize(_ text: String, in box: Rect, maxSize: Int, minSize: Int = 12, bold: Bool = false) -> Int {
        let words = text.split(separator: " ").joined(separator: " ")
        var s = maxSize
        while s > minSize {
            let lines = wrap(text, width: box.w, size: s, bold: bold)
            if lines.joined(separator: " ") == words, lines.count * measurer.measure("Ÿg", size: s, bold: bold).h <= box.h { return s }
            s = max(minSize, s * 9 / 10)
        }
        return minSize
    }

    /// The lines and size `fit` draws.
    func layout(_ text: String, in box: Rect, maxSize: Int, minSize: Int, bold: Bool) -> (lines: [String], size: Int)? {
        guard box.w > 0, box.h > 0, !text.isEmpty else { return nil }
        let lineHeight = { (size: Int) in measurer.measure("Ÿg", size: size, bold: bold).h }
        // One line: the biggest size whose width and height fit.
        var size = min(maxSize, max(minSize, Int(Double(box.h) * 0.8)))
        while size > minSize {
            let m = measurer.measure(text, size: size, bold: bold)
            if m.w <= box.w && m.h <= box.h { break }
            size = max(minSize, size * 9 / 10)
        }
        let one = measurer.measure(text, size: size, bold: bold)
        if one.w <= box.w && one.h <= box.h { return ([text], size) }
        // Wrap: try sizes from the box-fitting size down to minSize.
        var s = min(maxSize, size)
        while true {
            let lines = wrap(text, width: box.w, size: s, bold: bold)
            if lines.count * lineHeight(s) <= box.h || s <= minSize {
                let maxLines = max(1, box.h / max(1, lineHeight(s)))
                var shown = Array(lines.prefix(maxLines))
                if lines.count > maxLines, let last = shown.last { shown[shown.count - 1] = ellipsize(last, width: box.w, size: s, bold: bold) }
                return (shown, s)
            }
            s = max(minSize, s * 9 / 10)
        }
    }

    /// Greedy word wrap; a single word wider than the line is cut with "…".
    public func wrap(_ text: String, width: Int, size: Int, bold: Bool) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if measurer.measure(candidate, size: size, bold: bold).w <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { measurer.measure($0, size: size, bold: bold).w > width ? ellipsize($0, width: width, size: size, bold: bold) : $0 }
    }

    func ellipsize(_ text: String, width: Int, size: Int, bold: Bool) -> String {
        var chars = Array(text)
        while !chars.isEmpty, measurer.measure(String(chars) + "…", size: size, bold: bold).w > width { chars.removeLast() }
        return String(chars) + "…"
    }

    func place(_ lines: [String], size: Int, in box: Rect, bold: Bool, color: Color, align: Align) -> [DrawCommand] {
        let heights = lines.map { measurer.measure($0, size: size, bold: bold) }
        let total = heights.reduce(0) { $0 + $1.h }
        var y = box.y + max(0, (box.h - total) / 2)
        var out: [DrawCommand] = []
        for (line, m) in zip(lines, heights) {
            let x: Int
            switch align {
            case .left: x = box.x
            case .center: x = box.x + max(0, (box.w - m.w) / 2)
            case .right: x = box.x + max(0, box.w - m.w)
            }
            out.append(.text(TextRun(text: line, x: x, y: y, size: size, bold: bold, color: color)))
            y += m.h
        }
        return out
    }
}
