import FilingEvents
import FilingMetrics
import FilingParser

/// `MetricEvent` read with the project's `JSONReader` (no Foundation decoder, no tree of values):
/// what Foundation's decoder of `MetricEvent.Wire` reads of the same JSON, or
/// `JSONReader.Unsupported` for anything else (a key twice, a missing or mistyped member, a
/// guidance entry Foundation's lenient decoding would drop, a `period_kind` that is not a string),
/// and `MetricEvent(json:)` then decodes with Foundation. `MetricEventReadingTests` compares both.
extension MetricEvent: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<MetricEvent>(blank: MetricEvent(filingID: "", companyKey: "", cik: nil, company: nil, form: nil, kind: nil, period: nil, metrics: []), [
        .required("filing_id") { $1.filingID = try $0.string() },
        .required("company_key") { $1.companyKey = try $0.string() },
        .optional("cik") { $1.cik = try $0.optionalString() },
        .optional("company") { $1.company = try $0.optionalString() },
        .optional("form") { $1.form = try $0.optionalString() },
        .optional("kind") { $1.kind = try $0.optionalString() },
        .optional("period") { $1.period = try $0.null() ? nil : try Period(reading: &$0) },
        .optional("metrics") { $1.metrics = try $0.null() ? [] : try [Value](reading: &$0) },
        .optional("guidance") { $1.guidance = try $0.null() ? [] : try [GuidanceEntry](reading: &$0) },
    ])
}

extension MetricEvent.Value: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        let read = try Self.fields.read(&reader)
        self.init(name: read.name, value: read.value, period: read.period, periodKind: read.periodKind.flatMap(PeriodKind.init(rawValue:)))
    }

    /// The members as read: `period_kind` absent means the kind follows from the period.
    struct Members: Sendable { var name = "", value = 0.0, period = Period(), periodKind: String? }

    static let fields = JSONFields<Members>(blank: Members(), [
        .required("name") { $1.name = try $0.string() },
        .required("value") { $1.value = try $0.double() },
        .required("period") { $1.period = try Period(reading: &$0) },
        .optional("period_kind") { $1.periodKind = try $0.optionalString() },
    ])
}

extension MetricEvent.GuidanceEntry: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try Self.fields.read(&reader) }

    static let fields = JSONFields<MetricEvent.GuidanceEntry>(blank: MetricEvent.GuidanceEntry(metric: "", position: nil, period: nil), [
        .required("metric") { $1.metric = try $0.string() },
        .optional("position") { $1.position = try $0.optionalString() },
        .optional("period") { $1.period = try $0.null() ? nil : try Period(reading: &$0) },
    ])
}
