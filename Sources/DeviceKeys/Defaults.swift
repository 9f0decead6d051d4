import Foundation

/// Defaults shared by the coordinator and every client, so a client on the coordinator's own
/// machine finds its state directory (and the local manager key in it) with no options.
public enum Defaults {
    public static let port = 5740

    /// `$QUEUE_STATE_DIR`, else /var/lib/queue-coordinator for root (systemd's StateDirectory),
    /// else ~/.local/state/queue-coordinator.
    public static var stateDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["QUEUE_STATE_DIR"], !dir.isEmpty { return dir }
        if getuid() == 0 { return "/var/lib/queue-coordinator" }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/queue-coordinator"
    }
}
