import FilingMetrics
import FilingParser
import Foundation

/// A `metrics.computed.v1` event as notify reads it. Decoded leniently (only what rules need, every
/// optional part may be absent) so that additions to the event do not break notify.
public struct MetricEvent: Sendable {
    public var filingID: String
    public var companyKey: String
    public var cik: String?
    public var company: String?
    public var form: String?
    /// `filing` or `update`.
    public var kind: String?
    /// The main period.
    public var period: Period?
    public var metrics: [Value]
    /// `[{"metric": "revenue", "position": "above"|"within"|"below", "period": ..., ...}]`.
    public var guidance: [GuidanceEntry]

    public struct Value: Decodable, Sendable {
        public var name: String
        public var value: Double
        public var period: Period
        public var periodKind: PeriodKind

        enum CodingKeys: String, CodingKey { case name, value, period, periodKind = "period_kind" }

        public init(name: String, value: Double, period: Period, periodKind: PeriodKind? = nil) {
            self.name = name
            self.value = value
            self.period = period
            self.periodKind = periodKind ?? PeriodKind(period)
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let period = try c.decode(Period.self, forKey: .period)
            self.init(name: try c.decode(String.self, forKey: .name), value: try c.decode(Double.self, forKey: .value), period: period,
                      periodKind: (try? c.decodeIfPresent(String.self, forKey: .periodKind)).flatMap { $0.flatMap(PeriodKind.init(rawValue:)) })
        }
    }

    public struct GuidanceEntry: Decodable, Sendable, Equatable {
        public var metric: String
        public var position: String?
        public var period: Period?
    }

    struct Wire: Decodable {
        var filingID: String
        var companyKey: String
        var cik: String?
        var company: String?
        var form: String?
        var kind: String?
        var period: Period?
        var metrics: [Value]?
        var guidance: [Lenient<GuidanceEntry>]?

        enum CodingKeys: String, CodingKey {
            case filingID = "filing_id", companyKey = "company_key", cik, company, form, kind, period, metrics, guidance
        }
    }

    struct Lenient<T: Decodable>: Decodable {
        var value: T?
        init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
    }

    public init(filingID: String, companyKey: String, cik: String?, company: String?, form: String?, kind: String? = "filing",
                period: Period?, metrics: [Value], guidance: [GuidanceEntry] = []) {
        self.filingID = filingID
        self.companyKey = companyKey
        self.cik = cik
        self.company = company
        self.form = form
        self.kind = kind
        self.period = period
        self.metrics = metrics
        self.guidance = guidance
    }

    /// Decodes the event data: with `JSONReader` (`MetricEventReading`), or with Foundation's decoder
    /// when the reader does not take it (which then also reports what is wrong).
    public init(json data: [UInt8]) throws {
        if let event = try? data.withUnsafeBufferPointer({ try MetricEvent(json: $0) }) {
            self = event
            return
        }
        try self.init(foundation: data)
    }

    /// Decodes the event data with Foundation's decoder (what `JSONReader`'s reading must equal).
    init(foundation data: [UInt8]) throws {
        let wire = try JSONDecoder().decode(Wire.self, from: Data(data))
        self.init(filingID: wire.filingID, companyKey: wire.companyKey, cik: wire.cik, company: wire.company, form: wire.form,
                  kind: wire.kind, period: wire.period, metrics: wire.metrics ?? [],
                  guidance: (wire.guidance ?? []).compactMap(\.value))
    }

    /// Where a rule's "at most once" state is kept: the main period, else the filing.
    public var periodKey: String {
        guard let period else { return "filing:" + filingID }
        return "\(period.start ?? "")..\(period.end ?? period.instant ?? "")"
    }

    /// The metric `ref` names: of the main period (an instant metric: at its end), or the one of
    /// the named period kind ending latest.
    public func metric(_ ref: MetricRef) -> Value? {
        let named = metrics.filter { $0.name == ref.name }
        guard let kind = ref.kind else {
            guard let main = period else { return named.first }
            return named.first { $0.period == main } ?? named.first { $0.period.instant != nil && $0.period.instant == main.end }
        }
        return named.filter { $0.periodKind == kind }.max { ($0.period.end ?? $0.period.instant ?? "") < ($1.period.end ?? $1.period.instant ?? "") }
    }

    /// The guidance position for `metric`, preferring the entry of the main period.
    public func guidancePosition(_ metric: String) -> String? {
        let entries = guidance.filter { $0.metric.lowercased() == metric && $0.position != nil }
        return (entries.first { $0.period == period } ?? entries.first)?.position
    }

    /// Days from start through end, both inclusive.
    public static func lengthInDays(_ period: Period) -> Int? {
        guard let start = period.start.flatMap(dayNumber), let end = period.end.flatMap(dayNumber) else { return nil }
        return end - start + 1
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var (y, m) = (parts[0], parts[1])
        let d = parts[2]
        if m <= 2 { y -= 1; m += 12 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m - 3) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}

/// A rule context over one event, with a lookup for previous-period values.
struct EventContext: RuleContext {
    let event: MetricEvent
    let previous: (MetricRef, MetricEvent.Value) -> Double?

    var cik: String? { event.cik }
    var companyKey: String { event.companyKey }
    var company: String? { event.company }
    var form: String? { event.form }
    func value(_ ref: MetricRef) -> Double? { event.metric(ref)?.value }
    func previousValue(_ ref: MetricRef) -> Double? {
        guard let metric = event.metric(ref) else { return nil }
        return previous(ref, metric)
    }
    func guidancePosition(_ metric: String) -> String? { event.guidancePosition(metric) }
}
