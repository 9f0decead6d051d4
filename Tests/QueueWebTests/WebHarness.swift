import DeviceKeys
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QueueConfig
import QueueCore
import QueueServer
@testable import QueueWeb
import QueueWire

/// A coordinator in this process (temporary state directory, virtual clock, no discovery) with
/// the web console in front of it, driven through Hummingbird's in-process test client.
final class WebHarness: @unchecked Sendable { // unchecked: set up in init, read-only after
    let stateDir: String
    let coordinator: Coordinator
    let web: WebConsole
    static let monday8 = Date(timeIntervalSince1970: 1_796_000_400) // 2026-11-30 08:00 in Hanoi

    init(phoneLimit: PhoneRateLimit = PhoneRateLimit()) throws {
        stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)").path
        var logger = Logger(label: "web-test")
        logger.logLevel = .critical
        var options = CoordinatorOptions(config: HallConfigLoader.defaultHall(), stateDir: stateDir, host: "127.0.0.1",
                                         port: 0, discoveryPort: nil, virtualClock: true)
        options.clockStart = Self.monday8 - 3600 // a fresh clock starts on the test's Monday, whatever today is
        coordinator = try Coordinator(options: options, logger: logger)
        web = WebConsole(coordinator: coordinator, logger: logger, phoneLimit: phoneLimit)
    }

    deinit { try? FileManager.default.removeItem(atPath: stateDir) }

    let manager = DeviceIdentity(name: "local-manager", role: .manager)
    var managerKey: KeyFile { try! KeyFile.read(path: stateDir + "/manager.key") }

    /// Runs `body` with the coordinator and the live hall running, the hall open on a Monday morning.
    func run(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let app = Application(router: web.router(), services: [coordinator, web.live])
        try await app.test(.router) { client in
            _ = await self.coordinator.perform(.setClock(Self.monday8), as: self.manager, requestId: UUID().uuidString)
            try await body(Browser(client: client))
        }
    }

    @discardableResult
    /// Performs `request`, then waits until the live hall the pages are drawn from has its events
    /// (it follows the coordinator's commits a moment later), so the next page shows the change.
    func perform(_ request: QueueWire.Request, as who: DeviceIdentity? = nil) async -> Result<Reply, QueueError> {
        let result = await coordinator.perform(request, as: who ?? manager, requestId: UUID().uuidString)
        if case .success(let reply) = result, let seq = reply.events.last?.seq {
            // Only while the live hall runs (inside `run`); at most 5 s.
            for _ in 0..<250 {
                guard let view = await web.live.view(timeout: .zero), view.state.seq < seq else { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        return result
    }

    func issue(_ service: String, _ priority: PriorityClass = .normal) async -> String {
        guard case .success(.issued(let issued)) = await perform(.command(.issue(service: service, priority: priority))) else { return "?" }
        return issued.ticket.label
    }

    func state() async -> HallState { try! await perform(.status).get().state! }

    func addDevice(_ name: String, _ role: Role, counter: Int? = nil) async -> KeyFile {
        let reply = await perform(.addDevice(name: name, role: role, counter: counter))
        // The coordinator puts a new key in its directory just after the reply is sent.
        for _ in 0..<200 where coordinator.activeDevice(named: name) == nil { try? await Task.sleep(for: .milliseconds(5)) }
        return KeyFile(device: name, role: role, counter: counter, key: Data(base64Encoded: try! reply.get().key!)!)
    }

    /// The actors of the event log, by kind (last one wins).
    func actors() throws -> [String: String] {
        var out: [String: String] = [:]
        for event in try coordinator.reader.events(after: 0) { out[event.kind.rawValue] = event.device }
        return out
    }
}

/// A browser in a test: keeps its cookies and reads the form tokens off the pages it gets.
final class Browser: @unchecked Sendable { // unchecked: one test drives it from one task at a time (its cookies change)
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }

        /// The value of the first hidden or plain field `name` on the page.
        func field(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }

        func attribute(_ name: String) -> String? {
            guard let range = body.range(of: "\(name)=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func request(_ path: String, method: HTTPRequest.Method, form: [(String, String)]? = nil, json: Bool = false, headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if json { headers[.accept] = "application/json" }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if value.contains("Max-Age=0") || pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    func get(_ path: String) async throws -> Page { try await request(path, method: .get) }

    func post(_ path: String, _ form: [(String, String)], json: Bool = false) async throws -> Page {
        try await request(path, method: .post, form: form, json: json)
    }

    /// Signs in with a device key the way the page's script does: HMAC of the page's challenge.
    func signIn(key: KeyFile) async throws -> Page {
        let login = try await get("/login")
        let challenge = login.attribute("data-challenge")!
        let nonce = Handshake.randomBase64()
        let mac = Handshake.clientMAC(key: key.keyData!, challenge: challenge, nonce: nonce, device: key.device)
        return try await post("/login/key", [("login", login.field("login")!), ("device", key.device), ("nonce", nonce), ("mac", mac)])
    }

    func signIn(counter: Int, pin: String) async throws -> Page {
        let login = try await get("/login")
        return try await post("/login/pin", [("login", login.field("login")!), ("counter", String(counter)), ("pin", pin)])
    }

    /// Presses a console button for `counter` with the page's token (and `rid`, a fresh one by default).
    func press(_ op: String, counter: Int, rid: String = UUID().uuidString, fields: [(String, String)] = []) async throws -> Page {
        let page = try await get(counter == 0 ? "/counter" : "/counter?n=\(counter)")
        return try await post("/counter/action", [("csrf", page.field("csrf") ?? ""), ("rid", rid), ("counter", String(counter)), ("op", op)] + fields, json: true)
    }
}
