import Foundation

/// What a screen is made of: filled rectangles and fitted text. Layouts produce these as plain
/// values; the Render module is the only code that turns them into pixels.
public enum DrawCommand: Equatable, Sendable {
    case fill(Rect, Color)
    case text(TextRun)
}

/// One line of text at a position, already fitted: its size is final.
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var x: Int
    public var y: Int
    public var size: Int
    public var bold: Bool
    public var color: Color

    public init(text: String, x: Int, y: Int, size: Int, bold: Bool, color: Color) {
        self.text = text
        self.x = x
        self.y = y
        self.size = size
        self.bold = bold
        self.color = color
    }
}

public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, w: Int, h: Int
    public init(x: Int, y: Int, w: Int, h: Int) {
        self.x = x
        self.y = y
        self.w = w
        self.h = h
    }

    /// Splits off the top `height` pixels: (top, rest).
    public func top(_ height: Int) -> (Rect, Rect) {
        let h1 = min(h, max(0, height))
        return (Rect(x: x, y: y, w: w, h: h1), Rect(x: x, y: y + h1, w: w, h: h - h1))
    }

    /// Splits off the left `width` pixels: (left, rest).
    public func left(_ width: Int) -> (Rect, Rect) {
        let w1 = min(w, max(0, width))
        return (Rect(x: x, y: y, w: w1, h: h), Rect(x: x + w1, y: y, w: w - w1, h: h))
    }

    public func inset(_ d: Int) -> Rect { Rect(x: x + d, y: y + d, w: max(0, w - 2 * d), h: max(0, h - 2 * d)) }

    public func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < x + w && py >= y && py < y + h }
}

/// An sRGB colour; parses "#RRGGBB" as written in config.
public struct Color: Equatable, Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff))
    }

    /// WCAG relative luminance, for checking contrast.
    public var luminance: Double {
        func channel(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG contrast ratio between two colours (1…21).
    public func contrast(with other: Color) -> Double {
        let (a, b) = (luminance, other.luminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }
}
