/// Where a hall forwards its events, from the `[city]` section of its config file:
///
///     [city]
///     url = "https://city.example:8444"
///     key_file = "city.key"          # written by `queue-city hall add`
///     certificate = "city.crt"       # the city's certificate, pinned; omit for a CA-issued one
public struct CityLinkSettings: Equatable, Sendable {
    public var url: String
    public var keyFile: String
    /// The only certificate the link trusts (PEM); nil: the system's certificate authorities.
    public var certificate: String?

    public init(url: String, keyFile: String, certificate: String?) {
        self.url = url
        self.keyFile = keyFile
        self.certificate = certificate
    }
}
