import Foundation
import QueueTestSupport
import Testing

/// The pages in a real headless browser: Tests/browser/console_test.py drives Debian's chromium
/// (chromium-driver, python3-selenium) against the real coordinator binary. A clerk signs in
/// with a PIN, presses Next, the board's snapshot shows that ticket at that counter, the clerk
/// finishes, and the manager's open dashboard counts it. The packages come with `make deps`
/// and .ci/run; without them this test fails and says what to install.
@Suite struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("browser/console_test.py").path

    @Test(.timeLimit(.minutes(5)))
    func aClerkCallsAndFinishesInARealBrowserAndTheBoardAndTheDashboardFollow() async throws {
        let python = "/usr/bin/python3"
        let missing = ["/usr/bin/chromium", "/usr/bin/chromedriver", python].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        guard missing.isEmpty else {
            Issue.record("The browser test needs Debian's chromium, chromium-driver and python3-selenium (missing \(missing.joined(separator: ", "))); run `make deps`.")
            return
        }
        var arguments = [Self.script, CoordinatorProcess.binDir.path]
        // WEB_SCREENSHOTS=docs/screenshots makes the test also save the pictures in docs/WEB.md.
        if let dir = ProcessInfo.processInfo.environment["WEB_SCREENSHOTS"] { arguments += ["--screenshots", dir] }
        let run = try await ProgramRun.run(python, arguments)
        let text = run.out + run.err
        // What failed first, then the end (a Python traceback), not every passing line.
        let failed = text.split(separator: "\n").filter { $0.hasPrefix("FAIL") }.joined(separator: "\n")
        #expect(run.status == 0 && text.contains(" passed, 0 failed"), "console_test.py failed:\n\(failed)\n…\n\(text.suffix(3_000))")
    }
}
