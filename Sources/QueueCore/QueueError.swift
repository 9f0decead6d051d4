/// A refusal a person can act on. `code` is stable for programs; `message` says what to do.
public struct QueueError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension QueueError {
    public static func unknownService(_ id: String, _ config: HallConfig) -> QueueError {
        QueueError(.unknownService, "There is no service \"\(id)\"; this hall has \(config.services.map(\.id).joined(separator: ", ")).")
    }

    static func unknownCounter(_ n: Int, _ config: HallConfig) -> QueueError {
        QueueError(.unknownCounter, "There is no counter \(n); this hall has counters \(config.counters.map { String($0.number) }.joined(separator: ", ")).")
    }
}
