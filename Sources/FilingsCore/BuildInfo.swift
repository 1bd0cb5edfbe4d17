/// What `filings_build_info` reports as the version of the services.
public enum BuildInfo {
    public static let version = "1.0.0"
}
