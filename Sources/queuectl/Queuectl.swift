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
            Status.self, Watch.self, AppointmentCommand.self, DeviceCommand.self, ClockCommand.self, Discover.self,
            Report.self, CityCommand.self, Export.self, Simulate.self, Traffic.self, Backup.self, Restore.self, WebCertificateCommand.self, CheckConfig.self,
        ])

    /// A `QueueError` from any subcommand is its sentence and its exit status (`ExitStatus.main`).
    static func main() async { await ExitStatus.main(Self.self) }
}
