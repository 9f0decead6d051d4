import Foundation

/// Waits until `condition` holds, up to `seconds`; true if it did.
public func eventually(seconds: Double, _ condition: () async throws -> Bool) async -> Bool {
    let deadline = Date() + seconds
    while Date() < deadline {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return (try? await condition()) == true
}
