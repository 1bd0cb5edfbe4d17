import FilingEvents
import FilingMetrics
import FilingsCore
import Foundation
@testable import MetricsService
import Testing

/// Events whose metrics are spliced in from `MetricJSON` must be the bytes `JSONCoding.encoder` writes.
struct MetricJSONTests {
    @Test func eventsWithCachedMetricsAreTheEncodersBytes() async throws {
        let (_, events) = try await MetricsServiceTests().run(MetricsServiceTests.samples)
        #expect(events.count >= 3 && events.contains { $0.metrics.count > 5 })
        let json = MetricJSON()
        for event in events {
            let expected = try JSONCoding.encoder.encodeBytes(event)
            #expect(try json.event(event) == expected)  // first: each metric encoded now
            #expect(try json.event(event) == expected)  // again: every metric from the cache
        }
        // A metric with the key of a cached one but another value is encoded again, not taken from the cache.
        let event = try #require(events.first { !$0.metrics.isEmpty })
        var changed = event
        changed.metrics[0].value += 1
        changed.metrics[0].computedFrom.append("x")
        #expect(try json.event(changed) == JSONCoding.encoder.encodeBytes(changed))
        #expect(try json.json(changed.metrics[0]) != json.json(event.metrics[0]))
        // Restatements are put in too, and a list other than the last one's is encoded again.
        let restatement = try JSONCoding.decoder.decode(Restatement.self, from: Data("""
            {"concept":"Revenues","period":{"start":"2003-01-01","end":"2003-03-31"},"previous_value":1,
             "previous_filing_id":"a","value":2,"filing_id":"b"}
            """.utf8))
        for restatements in [[restatement], [restatement, restatement], [], [restatement]] {
            changed.restatements = restatements
            #expect(try json.event(changed) == JSONCoding.encoder.encodeBytes(changed))
        }
    }
}
