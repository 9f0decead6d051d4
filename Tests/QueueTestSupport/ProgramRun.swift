import Foundation

/// A program run to its end: its exit status and what it printed.
public struct ProgramRun: Sendable {
    public let status: Int32
    public let out: String
    public let err: String

    /// Runs `path` with `arguments` and waits for it. (Not for a program that leaves a daemon
    /// holding its output open: reading would wait for the daemon.)
    /// `environment`: variables added to this process's own.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProgramRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProgramRun(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }
}
