import Foundation
import ArgumentParser
import QueueClient
import QueueWire

/// The options every device and `queuectl` take the same way: where the coordinator is and which
/// key to prove. Used with `@OptionGroup`.
public struct DeviceOptions: ParsableArguments, Sendable {
    @Option(help: "The coordinator as HOST:PORT. Without it, UDP discovery finds it.")
    public var coordinator: String?

    @Option(help: "This device's key file. Without it, the local manager key in --state-dir is used.")
    public var keyFile: String?

    @Option(help: "The coordinator's state directory on this machine (for its local manager key).")
    public var stateDir: String?

    @Option(help: "UDP port for discovery.")
    public var discoveryPort: Int = Discovery.defaultPort

    public init() {}

    public var settings: DeviceSettings {
        DeviceSettings(coordinator: coordinator, keyFile: keyFile, stateDir: stateDir, discoveryPort: discoveryPort)
    }
}

/// A line on standard output at once, for the scripts and tests that read it while the program
/// runs (`print` is buffered when stdout is a pipe). Written straight to the file descriptor: no
/// C stream is touched, so it never waits for another thread's lock (`fflush(NULL)` would wait for
/// a reader blocked on stdin).
public func printNow(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
