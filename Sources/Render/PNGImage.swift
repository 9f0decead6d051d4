import CSDL2
import Drawing
import Foundation
import NIOConcurrencyHelpers

/// SDL_image loads its codecs lazily and SDL_ttf starts once: neither is safe to start from two
/// threads at once, so the few calls that may come from several threads (tests) take this lock.
enum SDLLibraries {
    static let lock = NIOLockedValueBox(())
}

/// A PNG read back into memory: tests look at what a screen or a printed ticket shows.
public final class PNGImage {
    let surface: UnsafeMutablePointer<SDL_Surface>
    public var width: Int { Int(surface.pointee.w) }
    public var height: Int { Int(surface.pointee.h) }

    public init(path: String) throws {
        let loaded: UnsafeMutablePointer<SDL_Surface>? = SDLLibraries.lock.withLockedValue { _ in
            if IMG_Init(Int32(IMG_INIT_PNG.rawValue)) & Int32(IMG_INIT_PNG.rawValue) == 0 { return nil }
            return IMG_Load(path)
        }
        guard let loaded else { throw RenderError("Cannot read \(path): \(String(cString: SDL_GetError()))") }
        defer { SDL_FreeSurface(loaded) }
        guard let converted = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888.rawValue, 0) else {
            throw RenderError("Cannot convert \(path): \(String(cString: SDL_GetError()))")
        }
        surface = converted
    }

    deinit { SDL_FreeSurface(surface) }

    public func pixel(x: Int, y: Int) -> Color {
        let pitch = Int(surface.pointee.pitch)
        let p = surface.pointee.pixels!.load(fromByteOffset: y * pitch + x * 4, as: UInt32.self)
        return Color(UInt8(p >> 16 & 0xff), UInt8(p >> 8 & 0xff), UInt8(p & 0xff))
    }

    /// How many pixels in `rect` have exactly this colour.
    public func count(_ color: Color, in rect: Rect) -> Int {
        var n = 0
        for y in max(0, rect.y)..<min(height, rect.y + rect.h) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.w) where pixel(x: x, y: y) == color { n += 1 }
        }
        return n
    }
}
