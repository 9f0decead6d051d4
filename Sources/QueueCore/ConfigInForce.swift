/// Which of a hall's recorded configs (in the order recorded) was in force at an instant (ms
/// since the epoch): the last one recorded at or before it; for an instant before any of them,
/// or none given, the first. The one rule of the hall's reports and the city's.
public enum ConfigInForce {
    public static func at<C>(_ instant: Int64?, among recorded: [(since: Int64, config: C)]) -> C? {
        if let instant, let c = recorded.last(where: { $0.since <= instant }) { return c.config }
        return recorded.first?.config
    }
}
