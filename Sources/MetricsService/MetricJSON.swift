import FilingEvents
import FilingMetrics
import FilingsCore

/// Each metric's JSON, encoded once while a filing is handled: a metric's `metrics` row (`detail`)
/// and every event that shows it hold the same bytes, which `JSONCoding.encoder` would otherwise
/// write again for each.
final class MetricJSON {
    private var encoded: [String: (metric: Metric, json: [UInt8])] = [:]

    /// `metric` as `JSONCoding.encoder` writes it.
    func json(_ metric: Metric) throws -> [UInt8] {
        let key = MetricsStore.key(metric)
        if let hit = encoded[key], hit.metric == metric { return hit.json }
        let json = try JSONCoding.encoder.encodeBytes(metric)
        encoded[key] = (metric, json)
        return json
    }

    /// `payload` as `JSONCoding.encoder` writes it, byte for byte: encoded without its metrics,
    /// which are then put in as this cache holds them (an array's elements are written as each
    /// value alone is).
    func event(_ payload: MetricsComputed) throws -> [UInt8] {
        var rest = payload
        rest.metrics = []
        let bytes = try JSONCoding.encoder.encodeBytes(rest)
        guard let empty = try JSONMembers(bytes).values["metrics"], bytes[empty].elementsEqual("[]".utf8) else {
            return try JSONCoding.encoder.encodeBytes(payload)
        }
        var metrics: [UInt8] = [UInt8(ascii: "[")]
        for (n, metric) in payload.metrics.enumerated() {
            if n > 0 { metrics.append(UInt8(ascii: ",")) }
            metrics += try json(metric)
        }
        metrics.append(UInt8(ascii: "]"))
        var out = bytes
        out.replaceSubrange(empty, with: metrics)
        return out
    }
}
