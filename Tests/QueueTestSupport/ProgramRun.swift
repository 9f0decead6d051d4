import Foundation

/// A program run to its end: its exit status and what it printed.
public struct ProgramRun: Sendable {
    public let status: Int32
    public let out: String
    public let err: String

    /// Runs `path` with `arguments` and waits for it, on a thread of its own (see `onItsOwnThread`).
    /// (Not for a program that leaves a daemon holding its output open: reading would wait for
    /// the daemon.)
    /// - environment: variables added to this process's own.
    /// - directory: where it runs (this process's own by default).
    /// (A program to talk to while it runs is a `RunningBinary`.)
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) async throws -> ProgramRun {
        try await onItsOwnThread {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = arguments
            if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
            if let directory { p.currentDirectoryURL = directory }
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            // Both pipes at once: a program that fills one while the other is read would wait for ever.
            let e = ReadData(), read = DispatchSemaphore(value: 0)
            Thread { e.data = err.fileHandleForReading.readDataToEndOfFile(); read.signal() }.start()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            read.wait()
            p.waitUntilExit()
            return ProgramRun(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e.data, as: UTF8.self))
        }
    }
}

/// Runs blocking `work` (waiting for a program, sleeping) on a thread of its own and awaits its
/// result. Swift Testing runs the suites side by side on the cooperative pool, one thread per
/// core; a test that blocked one of those threads for a program's whole run starved every other
/// test's tasks (on CI a mirror in another test could not even connect within 20 s).
public func onItsOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// What a reading thread read, handed over through a semaphore.
private final class ReadData: @unchecked Sendable { // unchecked: written before the semaphore's signal, read after its wait
    var data = Data()
}
