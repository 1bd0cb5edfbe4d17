import FilingEvents
import FilingParser
import FilingsCore

/// Guidance and claims as `metric_guidance` and `metric_claims` store them (`item`), written by
/// hand: byte for byte what `JSONCoding.encoder` writes (members in key order, nil optionals left
/// out; `OutlookJSONTests` compares them on the fixtures' items and on values with every optional
/// set and nil). Through `Encodable` they were an eighth of storing a filing's inputs.
enum OutlookJSON {
    /// The JSON of `guidance`; throws only for a number JSON cannot hold (the encoder's own error).
    static func json(_ guidance: Guidance) throws -> [UInt8] {
        let w = JSONByteWriter()
        do {
            try write(guidance, w)
        } catch {
            return try JSONCoding.encoder.encodeBytes(guidance)
        }
        return w.bytes
    }

    /// The JSON of `claim`; throws only for a number JSON cannot hold (the encoder's own error).
    static func json(_ claim: Claim) throws -> [UInt8] {
        let w = JSONByteWriter()
        do {
            try write(claim, w)
        } catch {
            return try JSONCoding.encoder.encodeBytes(claim)
        }
        return w.bytes
    }

    private static func write(_ g: Guidance, _ w: JSONByteWriter) throws {
        var first = true
        w.member("basis", g.basis, first: &first)
        w.member("fiscal_quarter", g.fiscalQuarter, first: &first)
        w.member("fiscal_year", g.fiscalYear, first: &first)
        try w.member("high", g.high, first: &first)
        try w.member("low", g.low, first: &first)
        w.member("metric", g.metric, first: &first)
        w.member("period", g.period, first: &first)
        w.member("period_label", g.periodLabel, first: &first)
        w.member("text", g.text, first: &first)
        w.member("unit", g.unit, first: &first)
        w.endObject(first: first)
    }

    private static func write(_ c: Claim, _ w: JSONByteWriter) throws {
        var first = true
        w.member("basis", c.basis, first: &first)
        w.member("metric", c.metric, first: &first)
        w.member("period", c.period, first: &first)
        try w.member("rounding", c.rounding, first: &first)
        w.member("text", c.text, first: &first)
        w.member("unit", c.unit, first: &first)
        try w.member("value", c.value, first: &first)
        w.endObject(first: first)
    }
}
