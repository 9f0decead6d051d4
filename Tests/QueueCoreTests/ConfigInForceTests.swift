import QueueCore
import Testing

/// The config in force at an instant, for the hall's reports and the city's alike.
struct ConfigInForceTests {
    @Test func theLastRecordedAtOrBeforeTheInstantElseTheFirst() {
        let recorded: [(since: Int64, config: String)] = [(since: 100, config: "a"), (since: 200, config: "b"), (since: 300, config: "c")]
        #expect(ConfigInForce.at(250, among: recorded) == "b")
        #expect(ConfigInForce.at(200, among: recorded) == "b")
        #expect(ConfigInForce.at(999, among: recorded) == "c")
        // Before any was recorded, or no instant: the first.
        #expect(ConfigInForce.at(50, among: recorded) == "a")
        #expect(ConfigInForce.at(nil, among: recorded) == "a")
        #expect(ConfigInForce.at(250, among: [] as [(since: Int64, config: String)]) == nil)
    }
}
