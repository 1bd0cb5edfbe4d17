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
        let w = JSONByteWriter()
        do {
            try write(metric, w)
        } catch {
            return try JSONCoding.encoder.encodeBytes(metric)  // the encoder's own error
        }
        return w.bytes
    }

    /// The data of a `metrics.computed` event.
    static func event(_ payload: MetricsComputed) throws -> [UInt8] {
        let w = JSONByteWriter()
        do {
            try write(payload, w)
        } catch {
            return try JSONCoding.encoder.encodeBytes(payload)
        }
        return w.bytes
    }

    private static func write(_ e: MetricsComputed, _ w: JSONByteWriter) throws {
        var first = true
        string("accession", e.accession, w, &first)
        string("cik", e.cik, w, &first)
        w.member("claim_checks", first: &first)
        try array(e.claimChecks, w) { try claimCheck($0, w) }
        string("company", e.company, w, &first)
        w.member("company_key", first: &first)
        w.string(e.companyKey)
        w.member("derivation_checks", first: &first)
        try array(e.derivationChecks, w) { try derivationCheck($0, w) }
        w.member("filing_id", first: &first)
        w.string(e.filingID)
        string("form", e.form, w, &first)
        w.member("guidance", first: &first)
        try array(e.guidance, w) { try guidance($0, w) }
        w.member("kind", first: &first)
        w.string(e.kind.rawValue)
        w.member("metrics", first: &first)
        try array(e.metrics, w) { try write($0, w) }
        period("period", e.period, w, &first)
        w.member("restatements", first: &first)
        try array(e.restatements, w) { try restatement($0, w) }
        w.endObject(first: first)
    }

    private static func write(_ m: Metric, _ w: JSONByteWriter) throws {
        var first = true
        w.member("computed_from", first: &first)
        array(m.computedFrom, w) { w.string($0) }
        w.member("derived", first: &first)
        w.bool(m.derived)
        string("formula", m.formula, w, &first)
        string("name", m.name, w, &first)
        period("period", m.period, w, &first)
        string("period_kind", m.periodKind.rawValue, w, &first)
        string("unit", m.unit, w, &first)
        try double("value", m.value, w, &first)
        w.endObject(first: first)
    }

    private static func claimCheck(_ c: ClaimCheck, _ w: JSONByteWriter) throws {
        var first = true
        try double("actual", c.actual, w, &first)
        try double("claimed", c.claimed, w, &first)
        string("filing_id", c.filingID, w, &first)
        string("metric", c.metric, w, &first)
        period("period", c.period, w, &first)
        string("status", c.status.rawValue, w, &first)
        string("text", c.text, w, &first)
        w.endObject(first: first)
    }

    private static func derivationCheck(_ d: DerivationCheck, _ w: JSONByteWriter) throws {
        var first = true
        w.member("agrees", first: &first)
        w.bool(d.agrees)
        string("concept", d.concept, w, &first)
        try double("derived", d.derived, w, &first)
        string("formula", d.formula, w, &first)
        period("period", d.period, w, &first)
        try double("reported", d.reported, w, &first)
        w.endObject(first: first)
    }

    private static func guidance(_ g: GuidanceComparison, _ w: JSONByteWriter) throws {
        var first = true
        try double("actual", g.actual, w, &first)
        string("guidance_filing_id", g.guidanceFilingID, w, &first)
        try double("high", g.high, w, &first)
        try double("low", g.low, w, &first)
        string("metric", g.metric, w, &first)
        period("period", g.period, w, &first)
        string("position", g.position.rawValue, w, &first)
        try double("surprise_vs_midpoint", g.surpriseVsMidpoint, w, &first)
        string("text", g.text, w, &first)
        string("unit", g.unit, w, &first)
        w.endObject(first: first)
    }

    private static func restatement(_ r: Restatement, _ w: JSONByteWriter) throws {
        var first = true
        string("concept", r.concept, w, &first)
        string("filing_id", r.filingID, w, &first)
        period("period", r.period, w, &first)
        string("previous_filing_id", r.previousFilingID, w, &first)
        try double("previous_value", r.previousValue, w, &first)
        try double("value", r.value, w, &first)
        w.endObject(first: first)
    }

    private static func array<T>(_ items: [T], _ w: JSONByteWriter, _ element: (T) throws -> Void) rethrows {
        w.raw("[")
        for (n, item) in items.enumerated() {
            if n > 0 { w.raw(",") }
            try element(item)
        }
        w.raw("]")
    }

    private static func string(_ key: StaticString, _ value: String?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        w.string(value)
    }

    private static func double(_ key: StaticString, _ value: Double?, _ w: JSONByteWriter, _ first: inout Bool) throws {
        guard let value else { return }
        w.member(key, first: &first)
        try w.double(value)
    }

    private static func period(_ key: StaticString, _ value: Period?, _ w: JSONByteWriter, _ first: inout Bool) {
        guard let value else { return }
        w.member(key, first: &first)
        var inner = true
        string("end", value.end, w, &inner)
        string("instant", value.instant, w, &inner)
        string("start", value.start, w, &inner)
        w.endObject(first: inner)
    }
}
