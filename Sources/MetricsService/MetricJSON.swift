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

    /// `payload` as `JSONCoding.encoder` writes it, byte for byte: encoded without its metrics and
    /// restatements, which are then put in as this cache holds them (an array's elements are
    /// written as each value alone is). Every event of a filing shows the same restatements (the
    /// filing's own), so they are encoded once.
    func event(_ payload: MetricsComputed) throws -> [UInt8] {
        var rest = payload
        rest.metrics = []
        rest.restatements = []
        let bytes = try JSONCoding.encoder.encodeBytes(rest)
        let members = try JSONMembers(bytes)
        guard let metrics = members.values["metrics"], let restatements = members.values["restatements"],
              bytes[metrics].elementsEqual("[]".utf8), bytes[restatements].elementsEqual("[]".utf8) else {
            return try JSONCoding.encoder.encodeBytes(payload)
        }
        var metricsJSON: [UInt8] = [UInt8(ascii: "[")]
        for (n, metric) in payload.metrics.enumerated() {
            if n > 0 { metricsJSON.append(UInt8(ascii: ",")) }
            metricsJSON += try json(metric)
        }
        metricsJSON.append(UInt8(ascii: "]"))
        if lastRestatements?.items != payload.restatements {
            lastRestatements = (payload.restatements, try JSONCoding.encoder.encodeBytes(payload.restatements))
        }
        var out = bytes
        // The later member first, so the earlier one's range still holds.
        for (range, value) in [(metrics, metricsJSON), (restatements, lastRestatements!.json)].sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            out.replaceSubrange(range, with: value)
        }
        return out
    }

    private var lastRestatements: (items: [Restatement], json: [UInt8])?
}
