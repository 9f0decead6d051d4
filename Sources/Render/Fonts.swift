import CSDL2
import Drawing
import Foundation

/// TrueType fonts with full Vietnamese coverage, opened once per size. Noto Sans (fonts-noto-core)
/// is preferred, DejaVu Sans (fonts-dejavu-core) is the fallback; `--font-dir` may point elsewhere.
public final class Fonts: TextMeasurer {
    public struct Files: Sendable {
        public var regular: String
        public var bold: String
    }

    public static let candidates = [
        Files(regular: "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", bold: "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
        Files(regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", bold: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ]

    let files: Files
    private var open: [Int: OpaquePointer] = [:]

    /// Finds the fonts and starts SDL_ttf. Throws a sentence naming the package to install.
    public init(directory: String? = nil) throws {
        var options = Self.candidates
        if let directory {
            options.insert(Files(regular: directory + "/NotoSans-Regular.ttf", bold: directory + "/NotoSans-Bold.ttf"), at: 0)
        }
        guard let found = options.first(where: { FileManager.default.fileExists(atPath: $0.regular) && FileManager.default.fileExists(atPath: $0.bold) }) else {
            throw RenderError("No font with Vietnamese coverage found; install fonts-noto-core or fonts-dejavu-core.")
        }
        files = found
        let started = SDLLibraries.lock.withLockedValue { _ in TTF_WasInit() != 0 || TTF_Init() == 0 }
        if !started { throw RenderError("SDL_ttf could not start: \(String(cString: SDL_GetError()))") }
    }

    deinit {
        for font in open.values { TTF_CloseFont(font) }
    }

    /// The font at `size` points (sizes are kept in steps so a few dozen fonts serve any screen).
    func font(size: Int, bold: Bool) -> OpaquePointer? {
        let key = max(6, size) * 2 + (bold ? 1 : 0)
        if let f = open[key] { return f }
        let f = TTF_OpenFont(bold ? files.bold : files.regular, Int32(max(6, size)))
        if let f { open[key] = f }
        return f
    }

    public func measure(_ text: String, size: Int, bold: Bool) -> (w: Int, h: Int) {
        guard let font = font(size: size, bold: bold) else { return (0, 0) }
        var w: Int32 = 0, h: Int32 = 0
        TTF_SizeUTF8(font, text, &w, &h)
        return (Int(w), Int(h))
    }
}

public struct RenderError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
