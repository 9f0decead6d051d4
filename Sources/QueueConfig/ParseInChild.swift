import Foundation

/// TOMLKit's bundled parser (toml++) can abort the whole process on some malformed files instead
/// of throwing (docs/BENCHMARKS.md, fuzzing). A program about to read a hall file a person wrote
/// first has a copy of itself parse it: if that child dies of a signal, the file is refused with a
/// sentence, and the program itself never parses it. Each executable that reads hall files
/// answers `checkArguments` by parsing the file and exiting.
public enum ParseInChild {
    /// Throws a `ConfigError` if parsing `path` (by this executable run with `checkArguments`)
    /// crashes. A child that cannot be started, or exits with a status, lets the caller parse the
    /// file itself and report its problem (or take it).
    public static func check(_ path: String, checkArguments: [String]) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = checkArguments
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        do { try child.run() } catch { return }
        child.waitUntilExit()
        guard child.terminationReason == .uncaughtSignal else { return }
        throw ConfigError(file: path, key: "", problem: "the TOML parser crashed on this file (signal \(child.terminationStatus)); look for an unclosed or stray bracket, brace or quote, e.g. `services = [}G\", \"D\"]`. Compare with queue-coordinator --print-default-config.")
    }
}
