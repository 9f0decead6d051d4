/// A black-and-white picture, row by row: what a thermal printer prints and what a QR code is.
public struct Bitmap: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// true = black (a printed dot, a dark module).
    public var dots: [Bool]

    public init(width: Int, height: Int, dots: [Bool]? = nil) {
        self.width = width
        self.height = height
        self.dots = dots ?? [Bool](repeating: false, count: width * height)
    }

    public subscript(x: Int, y: Int) -> Bool {
        get { dots[y * width + x] }
        set { dots[y * width + x] = newValue }
    }

    public var blackCount: Int { dots.lazy.filter { $0 }.count }

    /// Fill rectangles for the black modules, `scale` pixels each, from `origin`: how a QR code
    /// joins a screen or a ticket as ordinary drawing commands.
    public func commands(x: Int, y: Int, scale: Int, color: Color = Color(0, 0, 0)) -> [DrawCommand] {
        var out: [DrawCommand] = []
        for row in 0..<height {
            var col = 0
            while col < width {
                guard self[col, row] else { col += 1; continue }
                let start = col
                while col < width && self[col, row] { col += 1 }
                out.append(.fill(Rect(x: x + start * scale, y: y + row * scale, w: (col - start) * scale, h: scale), color))
            }
        }
        return out
    }
}
