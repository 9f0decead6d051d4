import ArgumentParser
import QueueConfig

extension Queuectl {
    /// The child that parses a hall file for `ParseInChild` (hidden): exits 0, or 78 with the
    /// file's problem. A file that crashes the TOML parser crashes only this child.
    struct CheckConfig: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check-config", shouldDisplay: false)
        @Argument var file: String

        func run() throws {
            _ = try HallConfigLoader.load(path: file)
        }

        /// Parses `path` in a child first; then the caller may parse it here.
        static func guarded(_ path: String) throws {
            try ParseInChild.check(path, checkArguments: ["check-config", path])
        }
    }
}
