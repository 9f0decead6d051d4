/// The one version of every binary in the package, for `--version`. The Makefile reads `number`
/// from this file (its VERSION, used by `make deb`), so change it here only.
public enum AppVersion {
    public static let number = "0.1.0"

    /// The short git commit the binaries were built from (nil outside a git checkout).
    public static var commit: String? { gitCommit }

    /// "0.1.0 (commit 1a2b3c4)", or "0.1.0" when not built from git.
    public static var text: String { commit.map { "\(number) (commit \($0))" } ?? number }
}
