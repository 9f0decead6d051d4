import ArgumentParser
import DeviceKeys
import Foundation
import QueueCore
import QueueWire

extension Queuectl {
    struct DeviceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "device", abstract: "Device keys (manager).",
                                                        subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Make a key for a new device and write its key file.")
            @Option(help: "kiosk, counter, display or manager.") var role: Role
            @Option(help: "A name for the device, e.g. kiosk-1.") var name: String
            @Option(help: "For a counter device: its counter number.") var counter: Int?
            @Option(help: "Write the key file here (mode 0600); copy it to the device.") var out: String?
            @OptionGroup var connection: ConnectionOptions

            func run() async throws {
                let outPath = out
                try await connection.run(.addDevice(name: name, role: role, counter: counter)) { reply, _ in
                    guard case .devices(let devices, let key?) = reply, let info = devices.first, let data = Data(base64Encoded: key) else { return "No device in the reply." }
                    let file = KeyFile(device: info.name, role: info.role, counter: info.counter, key: data)
                    guard let outPath else {
                        return "Device \(info.name) (\(info.role.rawValue)) added. No --out given, so here is its key file; save it as the device's key file:\n" +
                            String(decoding: (try? JSONEncoder().encode(file)) ?? Data(), as: UTF8.self)
                    }
                    do {
                        try file.write(path: outPath)
                        return "Device \(info.name) (\(info.role.rawValue)\(info.counter.map { ", counter \($0)" } ?? "")) added; key file written to \(outPath). Copy it to the device and pass --key-file."
                    } catch {
                        return "Device \(info.name) added, but the key file could not be written: \(error). Revoke it and try again."
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List devices.")
            @OptionGroup var connection: ConnectionOptions
            func run() async throws { try await connection.run(.listDevices, human: Output.devices) }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a device's key; its open sessions end at once.")
            @Option(help: "The device's name.") var name: String
            @OptionGroup var connection: ConnectionOptions
            func run() async throws {
                try await connection.run(.revokeDevice(name: name)) { _, _ in "Device \(name) revoked; its sessions were closed." }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
