import CSDL2
import Drawing
import Foundation

/// A window on the board's or kiosk's display: fullscreen on a bare console (KMSDRM) or under a
/// desktop, or a normal window with `windowed`. All SDL calls stay on the thread that made it.
public final class Screen {
    let window: OpaquePointer
    public let canvas: Canvas
    public private(set) var width: Int
    public private(set) var height: Int
    /// An SDL event type other threads push to wake the loop.
    public let wakeEvent: UInt32

    public init(title: String, windowed: Bool, width: Int, height: Int, fonts: Fonts) throws {
        if SDL_WasInit(UInt32(SDL_INIT_VIDEO)) == 0, SDL_InitSubSystem(UInt32(SDL_INIT_VIDEO | SDL_INIT_EVENTS)) != 0 {
            throw RenderError("No display: \(String(cString: SDL_GetError())). On a bare console check SDL_VIDEODRIVER=kmsdrm and the user's video group; for pictures only use --render-png.")
        }
        SDL_ShowCursor(windowed ? 1 : 0)
        let flags = windowed ? SDL_WINDOW_RESIZABLE.rawValue : SDL_WINDOW_FULLSCREEN_DESKTOP.rawValue
        guard let window = SDL_CreateWindow(title, shim_SDL_WINDOWPOS_CENTERED, shim_SDL_WINDOWPOS_CENTERED, Int32(width), Int32(height), flags | SDL_WINDOW_SHOWN.rawValue) else {
            throw RenderError("Cannot open a window: \(String(cString: SDL_GetError()))")
        }
        let renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED.rawValue | SDL_RENDERER_PRESENTVSYNC.rawValue)
            ?? SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE.rawValue)
        guard let renderer else { throw RenderError("Cannot draw in the window: \(String(cString: SDL_GetError()))") }
        self.window = window
        self.canvas = Canvas(renderer: renderer, fonts: fonts)
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(renderer, &w, &h)
        self.width = Int(w)
        self.height = Int(h)
        self.wakeEvent = SDL_RegisterEvents(1)
    }

    deinit { SDL_DestroyWindow(window) }

    public func present(_ commands: [DrawCommand]) {
        canvas.draw(commands)
        SDL_RenderPresent(canvas.renderer)
    }

    /// Re-reads the drawable size after a resize.
    public func refreshSize() {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(canvas.renderer, &w, &h)
        width = Int(w)
        height = Int(h)
    }

    /// Thread-safe: wakes the loop waiting in `waitEvent`.
    public static func wake(_ type: UInt32) {
        var event = SDL_Event()
        event.type = type
        SDL_PushEvent(&event)
    }
}

/// What the loop needs to know about an input from SDL.
public enum InputEvent: Equatable {
    case quit
    case wake
    case resized
    case key(String)
    case tap(x: Int, y: Int)
}

extension Screen {
    /// Waits up to `timeout` seconds for the next input (nil on timeout).
    public func waitEvent(timeout: TimeInterval) -> InputEvent? {
        var event = SDL_Event()
        let ms = Int32(max(0, min(timeout, 3600)) * 1000)
        guard SDL_WaitEventTimeout(&event, ms) != 0 else { return nil }
        return translate(event)
    }

    func translate(_ event: SDL_Event) -> InputEvent? {
        switch event.type {
        case SDL_QUIT.rawValue: return .quit
        case wakeEvent: return .wake
        case SDL_WINDOWEVENT.rawValue:
            let kind = SDL_WindowEventID(UInt32(event.window.event))
            return kind == SDL_WINDOWEVENT_SIZE_CHANGED || kind == SDL_WINDOWEVENT_EXPOSED ? .resized : nil
        case SDL_KEYDOWN.rawValue:
            guard let name = SDL_GetKeyName(event.key.keysym.sym) else { return nil }
            return .key(String(cString: name))
        case SDL_MOUSEBUTTONDOWN.rawValue:
            return .tap(x: Int(event.button.x), y: Int(event.button.y))
        case SDL_FINGERDOWN.rawValue:
            return .tap(x: Int(event.tfinger.x * Float(width)), y: Int(event.tfinger.y * Float(height)))
        default: return nil
        }
    }
}
