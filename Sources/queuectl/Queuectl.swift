import AppVersion
import CommandOptions
import ArgumentParser
import QueueConfig
import QueueCore

@main
struct Queuectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queuectl",
        abstract: "Clerk and manager operations on the hall's queue coordinator.",
        discussion: ExitStatus.discussion,
        version: AppVersion.text,
        subcommands: [
            Issue.self, Call.self, Recall.self, Start.self, Finish.self, NoShow.self, Transfer.self,
            Pause.self, Resume.self, SignIn.self, SignOut.self, Cancel.self,
            Status.self, Watch.self, DeviceCommand.self, ClockCommand.self, Discover.self,
            Report.self, Export.self, Simulate.self, Traffic.self, Backup.self, Restore.self, WebCertificateCommand.self, CheckConfig.self,
        ])

    /// ArgumentParser's main, except that a `QueueError` from any subcommand is printed as its
    /// sentence and exits with its status (`ExitStatus.of`), in this one place.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as QueueError {
            ExitStatus.exit(error)
        } catch let error as ConfigError {
            ExitStatus.exit(QueueError(.config, error.description))
        } catch {
            exit(withError: error)
        }
    }
}
