import FilingEvents
@testable import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
@testable import MetricsService
import Testing

/// `MetricJSON` writes metrics and `metrics.computed` events by hand: the bytes must be those
/// `JSONCoding.encoder` writes.
struct MetricJSONTests {
    @Test func eventsAreTheEncodersBytes() async throws {
        let (_, events) = try await MetricsServiceTests().run(MetricsServiceTests.samples)
        #expect(events.count >= 3 && events.contains { $0.metrics.count > 5 })
        for event in events {
            #expect(try MetricJSON.event(event) == JSONCoding.encoder.encodeBytes(event))
            for metric in event.metrics {
                #expect(try MetricJSON.json(metric) == JSONCoding.encoder.encodeBytes(metric))
            }
        }
    }

    /// An event whose metrics' JSON was written before (for the store) copies it: same bytes, and
    /// a metric of another name or period is not taken for one of the event's.
    @Test func eventsCopyTheirMetricsWrittenBefore() async throws {
        let (_, events) = try await MetricsServiceTests().run(MetricsServiceTests.samples)
        let metrics = events.flatMap(\.metrics)
        let written = MetricJSON.Written(try metrics.map { ($0, json: try MetricJSON.json($0)) })
        for event in events where !event.metrics.isEmpty {
            #expect(try MetricJSON.event(event, written: written) == JSONCoding.encoder.encodeBytes(event))
            // Only half written before: the others are written here.
            let half = MetricJSON.Written(try event.metrics.enumerated().filter { $0.offset % 2 == 0 }
                .map { ($0.element, json: try MetricJSON.json($0.element)) })
            #expect(try MetricJSON.event(event, written: half) == JSONCoding.encoder.encodeBytes(event))
        }
        // Copied, not written again: a marker stored for a metric comes out as is.
        let event = try #require(events.first { !$0.metrics.isEmpty })
        let marked = MetricJSON.Written([(event.metrics[0], json: Array("\"marker\"".utf8))])
        let bytes = try MetricJSON.event(event, written: marked)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"metrics\":[\"marker\""))
        var other = event.metrics[0]
        other.period = Period(start: "1900-01-01", end: "1900-03-31")
        #expect(MetricJSON.Written([(other, json: [])])[event.metrics[0]] == nil)
    }

    /// Every member of every part, optionals set and nil, with text that needs escapes.
    @Test func everyMemberSetAndNil() throws {
        let text = "Revenue \"grew\" 14% \\ to $1.2/share\n\tñ"
        let quarter = Period(start: "2003-04-01", end: "2003-06-30")
        let metric = Metric(name: "gross_margin", value: 0.4125, unit: "pure", period: quarter, periodKind: .quarter, derived: true,
                            formula: "gross_profit / revenue", computedFrom: ["a \(text)", "b"])
        let full = MetricsComputed(
            kind: .update, filingID: "f-1", companyKey: "0001", cik: "1", accession: "0000-03-1", company: text, form: "8-K",
            period: quarter,
            metrics: [metric, Metric(name: "cash", value: -0.0, unit: "USD", period: Period(instant: "2003-06-30"), periodKind: .instant,
                                     formula: "Cash", computedFrom: [])],
            guidance: [GuidanceComparison(metric: "revenue", period: quarter, low: 1e6, high: 1.5e6, unit: "USD", actual: 1_234_567.5,
                                          position: .within, surpriseVsMidpoint: -0.0123, guidanceFilingID: "g", text: text),
                       GuidanceComparison(metric: "eps", period: quarter, low: 0, high: 0, unit: "USD/share", actual: 0.01,
                                          position: .above, surpriseVsMidpoint: nil, guidanceFilingID: "g", text: "")],
            restatements: [Restatement(concept: "Revenues", period: quarter, previousValue: 1e20, previousFilingID: "a", value: 2,
                                       filingID: "b")],
            claimChecks: [ClaimCheck(metric: "revenue_growth_yoy", claimed: 0.14, actual: 0.1412, period: quarter, status: .holds,
                                     filingID: "f-1", text: text),
                          ClaimCheck(metric: "x", claimed: 3, actual: nil, period: nil, status: .nonGAAP, filingID: "f-1", text: "")],
            derivationChecks: [DerivationCheck(concept: "Revenues", period: quarter, reported: 10, derived: 10.5, formula: text,
                                               agrees: false)])
        var bare = full
        bare.cik = nil
        bare.accession = nil
        bare.company = nil
        bare.form = nil
        bare.period = nil
        bare.kind = .filing
        for event in [full, bare, MetricsComputed(kind: .filing, filingID: "", companyKey: "", cik: nil, accession: nil, company: nil,
                                                  form: nil, period: Period(), metrics: [])] {
            #expect(try MetricJSON.event(event) == JSONCoding.encoder.encodeBytes(event))
        }
        #expect(try MetricJSON.json(metric) == JSONCoding.encoder.encodeBytes(metric))
        // A number JSON cannot hold is the encoder's error, not bytes.
        var infinite = metric
        infinite.value = .infinity
        #expect(throws: (any Error).self) { try MetricJSON.json(infinite) }
    }
}
