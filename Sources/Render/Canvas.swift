import CSDL2
import Drawing
import Foundation

/// Draws `DrawCommand`s with an SDL renderer, caching the textures of text runs between frames.
public final class Canvas {
    let renderer: OpaquePointer
    public let fonts: Fonts
    private struct TextKey: Hashable {
        var text: String
        var size: Int
        var bold: Bool
        var color: Color
    }
    private var textures: [TextKey: (texture: OpaquePointer, w: Int32, h: Int32, frame: Int)] = [:]
    private var frame = 0

    init(renderer: OpaquePointer, fonts: Fonts) {
        self.renderer = renderer
        self.fonts = fonts
    }

    deinit {
        for t in textures.values { SDL_DestroyTexture(t.texture) }
        if let b = baseTexture { SDL_DestroyTexture(b.texture) }
        SDL_DestroyRenderer(renderer)
    }

    private var baseTexture: (texture: OpaquePointer, w: Int32, h: Int32)?

    /// Draws `base` into a kept picture (when given) and then the kept picture plus `overlay` to
    /// the screen: an animation that changes only the overlay costs one copy, not a redraw.
    public func draw(base: [DrawCommand]?, overlay: [DrawCommand], width: Int, height: Int) {
        if baseTexture.map({ $0.w != Int32(width) || $0.h != Int32(height) }) ?? true {
            if let old = baseTexture { SDL_DestroyTexture(old.texture) }
            baseTexture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888.rawValue, Int32(SDL_TEXTUREACCESS_TARGET.rawValue), Int32(width), Int32(height))
                .map { ($0, Int32(width), Int32(height)) }
        }
        guard let target = baseTexture else {
            // No render targets here: draw everything each time.
            draw((base ?? []) + overlay)
            return
        }
        if let base {
            SDL_SetRenderTarget(renderer, target.texture)
            draw(base)
            SDL_SetRenderTarget(renderer, nil)
        }
        SDL_RenderCopy(renderer, target.texture, nil, nil)
        draw(overlay)
    }

    /// Forgets the kept base picture (its memory) when nothing animates over it any more.
    public func dropBase() {
        if let b = baseTexture { SDL_DestroyTexture(b.texture) }
        baseTexture = nil
    }

    public func draw(_ commands: [DrawCommand]) {
        frame += 1
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND)
        for command in commands {
            switch command {
            case .fill(let r, let c):
                SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a)
                var rect = SDL_Rect(x: Int32(r.x), y: Int32(r.y), w: Int32(r.w), h: Int32(r.h))
                SDL_RenderFillRect(renderer, &rect)
            case .text(let run):
                guard let t = texture(TextKey(text: run.text, size: run.size, bold: run.bold, color: run.color)) else { continue }
                var dst = SDL_Rect(x: Int32(run.x), y: Int32(run.y), w: t.w, h: t.h)
                SDL_RenderCopy(renderer, t.texture, nil, &dst)
            }
        }
        // Forget text that was not drawn in the last few frames.
        for (key, t) in textures where frame - t.frame > 3 {
            SDL_DestroyTexture(t.texture)
            textures[key] = nil
        }
    }

    private func texture(_ key: TextKey) -> (texture: OpaquePointer, w: Int32, h: Int32)? {
        if var t = textures[key] {
            t.frame = frame
            textures[key] = t
            return (t.texture, t.w, t.h)
        }
        guard !key.text.isEmpty, let font = fonts.font(size: key.size, bold: key.bold),
              let surface = TTF_RenderUTF8_Blended(font, key.text, SDL_Color(r: key.color.r, g: key.color.g, b: key.color.b, a: key.color.a)) else { return nil }
        defer { SDL_FreeSurface(surface) }
        guard let texture = SDL_CreateTextureFromSurface(renderer, surface) else { return nil }
        let entry = (texture: texture, w: surface.pointee.w, h: surface.pointee.h, frame: frame)
        textures[key] = entry
        return (texture, entry.w, entry.h)
    }
}

/// A canvas in memory, for `--render-png` and tests: no window, no video driver needed.
public final class OffscreenCanvas {
    public let width: Int
    public let height: Int
    let surface: UnsafeMutablePointer<SDL_Surface>
    public let canvas: Canvas

    public init(width: Int, height: Int, fonts: Fonts) throws {
        guard let surface = SDL_CreateRGBSurfaceWithFormat(0, Int32(width), Int32(height), 32, SDL_PIXELFORMAT_ARGB8888.rawValue) else {
            throw RenderError("Cannot make a \(width)×\(height) picture: \(String(cString: SDL_GetError()))")
        }
        guard let renderer = SDL_CreateSoftwareRenderer(surface) else {
            SDL_FreeSurface(surface)
            throw RenderError("Cannot draw into memory: \(String(cString: SDL_GetError()))")
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.canvas = Canvas(renderer: renderer, fonts: fonts)
    }

    deinit { SDL_FreeSurface(surface) }

    public func draw(_ commands: [DrawCommand]) {
        canvas.draw(commands)
        SDL_RenderPresent(canvas.renderer)
    }

    public func savePNG(_ path: String) throws {
        guard SDLLibraries.lock.withLockedValue({ _ in IMG_SavePNG(surface, path) }) == 0 else {
            throw RenderError("Cannot write \(path): \(String(cString: SDL_GetError()))")
        }
    }

    /// The colour of one pixel (tests check what was drawn).
    public func pixel(x: Int, y: Int) -> Color {
        let pitch = Int(surface.pointee.pitch)
        let p = surface.pointee.pixels!.load(fromByteOffset: y * pitch + x * 4, as: UInt32.self)
        return Color(UInt8(p >> 16 & 0xff), UInt8(p >> 8 & 0xff), UInt8(p & 0xff))
    }
}
