import CSDL2
import Drawing
import Foundation

/// A window on the board's or kiosk's display: fullscreen on a bare console (KMSDRM) or under a
/// desktop, or a normal window with `windowed`. All SDL calls stay on the thread that made it.
public final class Screen {
    let window: OpaquePointer
    var signalSources: [DispatchSourceSignal] = []
    public let canvas: Canvas
    public private(set) var width: Int
    public private(set) var height: Int
    /// Other threads call `waker.wake()` to end the loop's wait at once.
    public let waker = Waker()
    /// How often the wait looks for SDL input (touch, keys, resize). SDL's own blocking wait polls
    /// every millisecond under the dummy and KMSDRM drivers, which costs ~2 % of a core when idle.
    public var inputPollInterval: TimeInterval = 0.05

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
    }

    deinit { SDL_DestroyWindow(window) }

    public func present(_ commands: [DrawCommand]) {
        canvas.dropBase()
        canvas.draw(commands)
        SDL_RenderPresent(canvas.renderer)
    }

    /// Presents a kept base picture (redrawn when `base` is given) with an overlay on top.
    public func present(base: [DrawCommand]?, overlay: [DrawCommand]) {
        canvas.draw(base: base, overlay: overlay, width: width, height: height)
        SDL_RenderPresent(canvas.renderer)
    }

    /// Re-reads the drawable size after a resize.
    public func refreshSize() {
        var w: Int32 = 0, h: Int32 = 0
        SDL_GetRendererOutputSize(canvas.renderer, &w, &h)
        width = Int(w)
        height = Int(h)
    }

    /// SIGTERM (systemd stopping the unit) and SIGINT (Ctrl-C) end the loop cleanly: they arrive
    /// as a quit event.
    public func quitOnSignals() {
        let waker = waker
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                var event = SDL_Event()
                event.type = SDL_QUIT.rawValue
                SDL_PushEvent(&event)
                waker.wake()
            }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// Wakes a screen's loop from any thread.
public final class Waker: Sendable {
    let semaphore = DispatchSemaphore(value: 0)
    public func wake() { semaphore.signal() }
}

/// What the loop needs to know about an input from SDL.
public enum InputEvent: Equatable, Sendable {
    case quit
    case wake
    case resized
    case key(String)
    case tap(x: Int, y: Int)
}

extension Screen {
    /// Waits up to `timeout` seconds for the next input: SDL input, or a wake from another thread.
    /// Nil on timeout.
    public func waitEvent(timeout: TimeInterval) -> InputEvent? {
        let deadline = Date() + max(0, min(timeout, 3600))
        var event = SDL_Event()
        while true {
            while SDL_PollEvent(&event) != 0 {
                if let input = translate(event) { return input }
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            if waker.semaphore.wait(timeout: .now() + min(left, inputPollInterval)) == .success { return .wake }
        }
    }

    func translate(_ event: SDL_Event) -> InputEvent? {
        switch event.type {
        case SDL_QUIT.rawValue: return .quit
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
