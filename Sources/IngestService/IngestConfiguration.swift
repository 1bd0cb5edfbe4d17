import FilingsCore
import Foundation

/// The ingest service's own keys (besides the common ones of `ServiceSettings`).
///
/// | key | default | meaning |
/// |---|---|---|
/// | `INGEST_MAX_FILING_BYTES` | 5242880 | largest filing accepted (413 above) |
/// | `INGEST_MAX_EVENT_BYTES` | 990000 | largest `filings.ingested` data; a larger filing is rejected, never truncated |
/// | `INGEST_FORMS` | `8-K,8-K/A` | accepted form types |
/// | `INGEST_ITEMS` | `2.02,12` | earnings items a filing that lists its items must report |
/// | `INGEST_WATCH_DIR` | unset (off) | folder watched for filing files |
/// | `INGEST_WATCH_INTERVAL_SECONDS` | 2 | how often the folder is scanned |
/// | `INGEST_EDGAR_POLL` | `false` | `true` starts the EDGAR poller |
/// | `EDGAR_USER_AGENT` | — | required with the poller: `Company Name contact@example.com` |
/// | `EDGAR_BASE_URL` | `https://www.sec.gov/` | where EDGAR is |
/// | `EDGAR_REQUESTS_PER_SECOND` | 10 | rate limit of every EDGAR request (at most 10) |
/// | `INGEST_EDGAR_POLL_SECONDS` | 60 | pause between poll cycles |
/// | `INGEST_EDGAR_START_DATE` | today | first daily index read when the store has no cursor |
public struct IngestConfiguration: Sendable {
    public var maxFilingBytes: Int
    public var maxEventBytes: Int
    public var forms: Set<String>
    public var items: EarningsItems
    public var watchDirectory: String?
    public var watchInterval: Duration
    public var edgar: EDGARSettings?

    public init(_ settings: ServiceSettings) throws {
        let env = settings.environment
        maxFilingBytes = try settings.integer("INGEST_MAX_FILING_BYTES", default: FilingValidator.defaultMaxBytes)
        maxEventBytes = try settings.integer("INGEST_MAX_EVENT_BYTES", default: IngestProcessor.defaultMaxEventBytes)
        forms = try Self.forms(env["INGEST_FORMS"])
        items = try Self.items(env["INGEST_ITEMS"])
        watchDirectory = env["INGEST_WATCH_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        watchInterval = .seconds(try settings.integer("INGEST_WATCH_INTERVAL_SECONDS", default: 2))
        let poll = (env["INGEST_EDGAR_POLL"] ?? "false").lowercased()
        guard ["true", "false", "1", "0", "yes", "no"].contains(poll) else {
            throw ConfigurationError(key: "INGEST_EDGAR_POLL", reason: "'\(poll)' is not true or false")
        }
        edgar = ["true", "1", "yes"].contains(poll) ? try EDGARSettings(settings) : nil
    }

    static func forms(_ text: String?) throws -> Set<String> {
        guard let text else { return FilingValidator.defaultForms }
        let forms = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
        guard !forms.isEmpty else { throw ConfigurationError(key: "INGEST_FORMS", reason: "no form listed") }
        return forms
    }

    static func items(_ text: String?) throws -> EarningsItems {
        guard let text else { return .default }
        guard let items = EarningsItems(list: text) else {
            throw ConfigurationError(key: "INGEST_ITEMS", reason: "'\(text)' is not a list of item numbers such as 2.02,12")
        }
        return items
    }
}

/// Settings of the EDGAR poller and `filings backfill`.
public struct EDGARSettings: Sendable {
    public var baseURL: String
    public var userAgent: String
    public var requestsPerSecond: Int
    public var pollInterval: Duration
    public var startDay: EDGARDay?

    public static let defaultBaseURL = "https://www.sec.gov/"

    public init(_ settings: ServiceSettings) throws {
        try self.init(environment: settings.environment)
        pollInterval = .seconds(try settings.integer("INGEST_EDGAR_POLL_SECONDS", default: 60))
    }

    /// Reads `EDGAR_USER_AGENT` (required), `EDGAR_BASE_URL`, `EDGAR_REQUESTS_PER_SECOND`, `INGEST_EDGAR_START_DATE`.
    public init(environment env: [String: String]) throws {
        userAgent = try Self.userAgent(env["EDGAR_USER_AGENT"])
        baseURL = env["EDGAR_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultBaseURL
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ConfigurationError(key: "EDGAR_BASE_URL", reason: "'\(baseURL)' is not an http(s) URL")
        }
        if let text = env["EDGAR_REQUESTS_PER_SECOND"] {
            guard let rate = Int(text), (1...RateLimiter.maximumPerSecond).contains(rate) else {
                throw ConfigurationError(key: "EDGAR_REQUESTS_PER_SECOND",
                                         reason: "'\(text)' is not between 1 and \(RateLimiter.maximumPerSecond) (SEC fair access allows at most 10 per second)")
            }
            requestsPerSecond = rate
        } else {
            requestsPerSecond = RateLimiter.maximumPerSecond
        }
        pollInterval = .seconds(60)
        if let text = env["INGEST_EDGAR_START_DATE"], !text.isEmpty {
            guard let day = EDGARDay(text) else {
                throw ConfigurationError(key: "INGEST_EDGAR_START_DATE", reason: "'\(text)' is not a date (YYYY-MM-DD)")
            }
            startDay = day
        }
    }

    /// SEC fair access: a declared User-Agent naming a company or person and a contact email.
    static func userAgent(_ text: String?) throws -> String {
        let value = text?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !value.isEmpty else {
            throw ConfigurationError(key: "EDGAR_USER_AGENT",
                                     reason: "required for EDGAR requests: declare who you are, e.g. 'Example Corp ops@example.com' (SEC fair access)")
        }
        guard value.contains("@"), value.split(separator: " ").count >= 2 else {
            throw ConfigurationError(key: "EDGAR_USER_AGENT",
                                     reason: "'\(value)' must name a company or person and a contact email, e.g. 'Example Corp ops@example.com'")
        }
        return value
    }
}
