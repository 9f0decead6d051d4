import Foundation

/// A throwaway PostgreSQL cluster for one test (Debian's `postgresql` package): `initdb` in a
/// temporary directory, the server listening only on a Unix socket in that directory (no TCP
/// port to collide with), user `city` trusted, database `postgres`. Run as root, the server runs
/// as the unprivileged `postgres` user (PostgreSQL refuses root). Stopped and deleted on deinit.
public final class PostgresCluster: @unchecked Sendable { // unchecked: a test drives it from one task
    public let dir: String
    var data: String { dir + "/data" }
    /// For `CityDatabase` and `queue-city --postgres-url`.
    public var url: String { "postgres://city@localhost/postgres?host=\(dir)" }

    /// A new cluster; with `primary`, a hot standby of it instead (`pg_basebackup -R`: it
    /// streams the primary's WAL and answers read-only queries).
    public init(standbyOf primary: PostgresCluster? = nil) async throws {
        dir = "/tmp/pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if getuid() == 0 { try await Self.run("/bin/chown", ["postgres:postgres", dir]) }
        if let primary {
            try await Self.run(try Self.tool("pg_basebackup"), ["-h", primary.dir, "-U", "city", "-D", data, "-R", "-X", "stream", "--no-sync"], asPostgres: true)
        } else {
            try await Self.run(try Self.tool("initdb"), ["-D", data, "-U", "city", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres: true)
        }
        try await start()
    }

    public func start() async throws {
        // The server keeps pg_ctl's standard output and error open: they go to a file, not to a
        // pipe this process would wait on forever.
        try await Self.run(try Self.tool("pg_ctl"), ["-D", data, "-l", dir + "/server.log", "-w", "-t", "60", "start",
                                               "-o", "-c listen_addresses='' -k \(dir) -c max_connections=200"], asPostgres: true,
                     output: dir + "/pg_ctl.log")
    }

    /// A clean stop (`pg_ctl stop -m fast`).
    public func stop() async throws {
        try await Self.run(try Self.tool("pg_ctl"), ["-D", data, "-w", "-m", "fast", "stop"], asPostgres: true)
    }

    /// SIGKILL to the server's main process, as a crash: its children end with it; the next
    /// `start()` recovers from the WAL.
    public func kill9() async throws {
        guard let pid = serverPID() else { throw ClusterError("no postmaster.pid in \(data)") }
        kill(pid, SIGKILL)
        // Its children notice and exit; until they have, a new server would find their shared
        // memory still in use. Every server process works in the data directory.
        for _ in 0..<200 where processesIn(data) > 0 { try await Task.sleep(for: .milliseconds(50)) }
    }

    func processesIn(_ directory: String) -> Int {
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { Int($0) != nil }.count {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/cwd")) == resolved
        }
    }

    /// Runs SQL with psql as user city and returns what it prints (tuples only, `|` between columns).
    public func sql(_ statement: String) async throws -> String {
        try await Self.run(try Self.tool("psql"), ["-h", dir, "-U", "city", "-d", "postgres", "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", statement])
    }

    deinit {
        // A fast shutdown, as `pg_ctl stop -m fast` asks for it (a deinit cannot await pg_ctl):
        // SIGINT to the server, then a short wait for its processes to end.
        // Only a server that runs: after kill9() the pid file is stale, its number maybe another process's.
        if processesIn(data) > 0, let pid = serverPID() {
            kill(pid, SIGINT)
            for _ in 0..<200 where processesIn(data) > 0 { usleep(50_000) }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The server's main process, from its postmaster.pid (none when it is not running).
    func serverPID() -> Int32? {
        let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
        return text?.split(separator: "\n").first.flatMap { Int32($0) }
    }

    struct ClusterError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Debian keeps the server's tools in /usr/lib/postgresql/VERSION/bin; the newest is used.
    static func tool(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        for v in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(root)/\(v)/bin/\(name)") {
            return "\(root)/\(v)/bin/\(name)"
        }
        throw ClusterError("PostgreSQL's \(name) is not installed: apt-get install postgresql (the tests start their own cluster).")
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = false, output: String? = nil) async throws -> String {
        var command = [tool] + arguments
        if output != nil {
            // Foundation learns that a child ended when a descriptor it gave the child closes; a
            // server that pg_ctl leaves running would hold it open for ever. Close it first.
            command = ["/bin/bash", "-c", "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\" 2>/dev/null; done; exec \"$@\"", "bash"] + command
        }
        if asPostgres && getuid() == 0 { command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command }
        if let output {
            let command = command
            return try await onItsOwnThread {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: command[0])
                p.arguments = Array(command.dropFirst())
                FileManager.default.createFile(atPath: output, contents: nil)
                let file = FileHandle(forWritingAtPath: output)
                p.standardOutput = file
                p.standardError = file
                try p.run()
                p.waitUntilExit()
                guard p.terminationStatus == 0 else {
                    throw ClusterError("\(tool) \(arguments.joined(separator: " ")) exited \(p.terminationStatus): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
                }
                return ""
            }
        }
        let r = try await ProgramRun.run(command[0], Array(command.dropFirst()))
        guard r.status == 0 else {
            throw ClusterError("\(tool) \(arguments.joined(separator: " ")) exited \(r.status): \(r.err)")
        }
        return r.out
    }
}
