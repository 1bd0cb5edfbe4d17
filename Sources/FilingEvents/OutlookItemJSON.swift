import FilingParser
import FilingsCore

extension JSONByteWriter {
    /// A guidance item as an object, members in key order: how `filings.parsed` carries it and
    /// `metric_guidance.item` stores it (byte for byte `JSONCoding.encoder`'s JSON).
    public func guidance(_ g: Guidance) throws {
        var first = true
        member("basis", g.basis, first: &first)
        member("fiscal_quarter", g.fiscalQuarter, first: &first)
        member("fiscal_year", g.fiscalYear, first: &first)
        try member("high", g.high, first: &first)
        try member("low", g.low, first: &first)
        member("metric", g.metric, first: &first)
        member("period", g.period, first: &first)
        member("period_label", g.periodLabel, first: &first)
        member("text", g.text, first: &first)
        member("unit", g.unit, first: &first)
        endObject(first: first)
    }

    /// A prose claim as an object, members in key order: how `filings.parsed` carries it and
    /// `metric_claims.item` stores it.
    public func claim(_ c: Claim) throws {
        var first = true
        member("basis", c.basis, first: &first)
        member("metric", c.metric, first: &first)
        member("period", c.period, first: &first)
        try member("rounding", c.rounding, first: &first)
        member("text", c.text, first: &first)
        member("unit", c.unit, first: &first)
        try member("value", c.value, first: &first)
        endObject(first: first)
    }
}
