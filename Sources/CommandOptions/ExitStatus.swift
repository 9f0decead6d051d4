import ArgumentParser
import Foundation
import QueueConfig
import QueueCore

/// queuectl's and queue-city's exit statuses (the BSD sysexits numbers), listed in their `--help` and README.
/// Every subcommand lets its `QueueError` go; `Queuectl.main` prints its sentence and exits with
/// `ExitStatus.of(_:)`. Usage errors (ArgumentParser's `ValidationError`) exit 64 with the usage.
public enum ExitStatus {
    public static let done: Int32 = 0
    /// The coordinator (or, with --db, the database) refused: the sentence says why.
    public static let refused: Int32 = 1
    /// The command line is wrong.
    public static let usage: Int32 = 64
    /// An input is not what it should be: a database file that is not a coordinator's.
    public static let badData: Int32 = 65
    /// The coordinator cannot be reached (refused connection, no answer, lost link, not discovered).
    public static let unreachable: Int32 = 69
    /// The coordinator could not do it now (storage full or failing, busy): try again later.
    public static let tryAgainLater: Int32 = 75
    /// A config problem: the hall file, or the key file / local manager key.
    public static let config: Int32 = 78

    public static func of(_ error: QueueError) -> Int32 {
        switch error.code {
        case let code where code.isLinkLost: return unreachable
        case .storage, .busy: return tryAgainLater
        case .config, .keyFile, .noKey: return config
        case .badData: return badData
        case .badAddress: return usage
        default: return refused
        }
    }

    /// For `--help`.
    public static let discussion = """
    Exit status: 0 done; 1 refused by the coordinator (the sentence says why); 64 usage (a wrong \
    command line); 65 bad data (e.g. a --db file that is not a coordinator's database); 69 the \
    coordinator cannot be reached; 75 try again later (the coordinator's storage failed or it is \
    busy); 78 config error (a hall file, a key file or no local manager key).
    """

    /// Prints the sentence on standard error and exits with the error's status.
    public static func exit(_ error: QueueError) -> Never {
        FileHandle.standardError.write(Data("\(ProcessInfo.processInfo.processName): \(error.message)\n".utf8))
        Foundation.exit(of(error))
    }

    /// ArgumentParser's main for `command`, except that a `QueueError` (or a config file's
    /// `ConfigError`) from any subcommand is printed as its sentence and exits with its status,
    /// in this one place.
    public static func main(_ command: any ParsableCommand.Type) async {
        do {
            var parsed = try command.parseAsRoot()
            if var parsed = parsed as? AsyncParsableCommand { try await parsed.run() } else { try parsed.run() }
        } catch let error as QueueError {
            exit(error)
        } catch let error as ConfigError {
            exit(QueueError(.config, error.description))
        } catch {
            command.exit(withError: error)
        }
    }
}
