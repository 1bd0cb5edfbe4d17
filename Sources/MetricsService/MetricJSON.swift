import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore

/// A metric (a `metrics` row's `detail`) and a `metrics.computed` event written by hand: byte for
/// byte what `JSONCoding.encoder` writes for the same value (sorted keys, nil optionals left out;
/// `MetricJSONTests` compares them on the events of the sample filings and on values with every
/// optional member both set and nil).
///
/// Going through `Encodable` (a witness call, a frame and a key list per object, the keys sorted
/// again for every object) was about a tenth of the metrics service's CPU per filing; here each
/// member is written in key order as it comes, the way `ParsedEventJSON` writes a parsed filing.
enum MetricJSON {
    /// The JSON of `metric`; throws only for a number JSON cannot hold (infinite or NaN).
    static func json(_ metric: Metric) throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(metric) { try write(metric, $0) }
    }

    /// Metrics' JSON written before, by name and period (an analysis has one metric of a name per
    /// period): the metrics of an event are those the handler has just written to the store, and
    /// are not written again.
    struct Written {
        private struct Key: Hashable {
            var name: String
            var period: Period
        }

        private var json: [Key: [UInt8]] = [:]

        init(_ metrics: [(Metric, json: [UInt8])] = []) {
            for (metric, json) in metrics { self.json[Key(name: metric.name, period: metric.period)] = json }
        }

        subscript(_ metric: Metric) -> [UInt8]? { json[Key(name: metric.name, period: metric.period)] }
    }

    /// The data of a `metrics.computed` event; its metrics found in `written` are copied from there.
    static func event(_ payload: MetricsComputed, written: Written = Written()) throws -> [UInt8] {
        try JSONCoding.encoder.encodeBytes(payload) { try write(payload, written, $0) }
    }

    private static func write(_ e: MetricsComputed, _ written: Written, _ w: JSONByteWriter) throws {
        var first = true
        w.member("accession", e.accession, first: &first)
        w.member("cik", e.cik, first: &first)
        w.member("claim_checks", first: &first)
        try w.array(e.claimChecks) { try claimCheck($0, w) }
        w.member("company", e.company, first: &first)
        w.member("company_key", first: &first)
        w.string(e.companyKey)
        w.member("derivation_checks", first: &first)
        try w.array(e.derivationChecks) { try derivationCheck($0, w) }
        w.member("filing_id", first: &first)
        w.string(e.filingID)
        w.member("form", e.form, first: &first)
        w.member("guidance", first: &first)
        try w.array(e.guidance) { try guidance($0, w) }
        w.member("kind", first: &first)
        w.string(e.kind.rawValue)
        w.member("metrics", first: &first)
        try w.array(e.metrics) { metric in
            if let json = written[metric] { w.json(json) } else { try write(metric, w) }
        }
        w.member("period", e.period, first: &first)
        w.member("restatements", first: &first)
        try w.array(e.restatements) { try restatement($0, w) }
        w.endObject(first: first)
    }

    private static func write(_ m: Metric, _ w: JSONByteWriter) throws {
        var first = true
        w.member("computed_from", first: &first)
        w.array(m.computedFrom) { w.string($0) }
        w.member("derived", first: &first)
        w.bool(m.derived)
        w.member("formula", m.formula, first: &first)
        w.member("name", m.name, first: &first)
        w.member("period", m.period, first: &first)
        w.member("period_kind", m.periodKind.rawValue, first: &first)
        w.member("unit", m.unit, first: &first)
        try w.member("value", m.value, first: &first)
        w.endObject(first: first)
    }

    private static func claimCheck(_ c: ClaimCheck, _ w: JSONByteWriter) throws {
        var first = true
        try w.member("actual", c.actual, first: &first)
        try w.member("claimed", c.claimed, first: &first)
        w.member("filing_id", c.filingID, first: &first)
        w.member("metric", c.metric, first: &first)
        w.member("period", c.period, first: &first)
        w.member("status", c.status.rawValue, first: &first)
        w.member("text", c.text, first: &first)
        w.endObject(first: first)
    }

    private static func derivationCheck(_ d: DerivationCheck, _ w: JSONByteWriter) throws {
        var first = true
        w.member("agrees", first: &first)
        w.bool(d.agrees)
        w.member("concept", d.concept, first: &first)
        try w.member("derived", d.derived, first: &first)
        w.member("formula", d.formula, first: &first)
        w.member("period", d.period, first: &first)
        try w.member("reported", d.reported, first: &first)
        w.endObject(first: first)
    }

    private static func guidance(_ g: GuidanceComparison, _ w: JSONByteWriter) throws {
        var first = true
        try w.member("actual", g.actual, first: &first)
        w.member("guidance_filing_id", g.guidanceFilingID, first: &first)
        try w.member("high", g.high, first: &first)
        try w.member("low", g.low, first: &first)
        w.member("metric", g.metric, first: &first)
        w.member("period", g.period, first: &first)
        w.member("position", g.position.rawValue, first: &first)
        try w.member("surprise_vs_midpoint", g.surpriseVsMidpoint, first: &first)
        w.member("text", g.text, first: &first)
        w.member("unit", g.unit, first: &first)
        w.endObject(first: first)
    }

    private static func restatement(_ r: Restatement, _ w: JSONByteWriter) throws {
        var first = true
        w.member("concept", r.concept, first: &first)
        w.member("filing_id", r.filingID, first: &first)
        w.member("period", r.period, first: &first)
        w.member("previous_filing_id", r.previousFilingID, first: &first)
        try w.member("previous_value", r.previousValue, first: &first)
        try w.member("value", r.value, first: &first)
        w.endObject(first: first)
    }
}
