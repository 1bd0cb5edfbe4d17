import FilingParser
import FilingsCore

extension JSONByteWriter {
    /// A period member (`end`, `instant`, `start`, each left out when nil), left out when the period
    /// is nil: how every hand-written event writer (`filings.parsed`, `metrics.computed`) writes one.
    public func member(_ key: StaticString, _ period: Period?, first: inout Bool) {
        guard let period else { return }
        member(key, first: &first)
        var inner = true
        member("end", period.end, first: &inner)
        member("instant", period.instant, first: &inner)
        member("start", period.start, first: &inner)
        endObject(first: inner)
    }
}
