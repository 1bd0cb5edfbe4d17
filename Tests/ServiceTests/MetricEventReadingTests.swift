import FilingEvents
import Foundation
@testable import NotifyService
import Testing

/// Notify reads `metrics.computed` events with `JSONReader` (`MetricEventReading`): what it reads
/// equals what Foundation's decoder reads, and what it does not take is left to Foundation.
struct MetricEventReadingTests {
    /// Every field of the event, as text (Value has no Equatable).
    func summary(_ event: MetricEvent) -> String {
        let metrics = event.metrics.map { "\($0.name)=\($0.value) \($0.period) \($0.periodKind)" }
        return "\(event.filingID) \(event.companyKey) \(event.cik ?? "nil") \(event.company ?? "nil") \(event.form ?? "nil") "
            + "\(event.kind ?? "nil") \(String(describing: event.period)) \(metrics) \(event.guidance)"
    }

    func direct(_ json: String) throws -> MetricEvent {
        try Array(json.utf8).withUnsafeBufferPointer { try MetricEvent(json: $0) }
    }

    /// A metric event as the metrics service writes it (members in key order, raw UTF-8, instants,
    /// members notify does not read).
    static let written = #"""
        {"accession":"9000000002-26-000002","cik":"900000002","claim_checks":[],"company":"HORIZON FINANCIAL CORP","company_key":"900000002","derivation_checks":[{"x":[1,2.5e3,null,true]}],"filing_id":"9000000002-26-000002","form":"8-K","guidance":[{"basis":"gaap","high":0.48,"low":null,"metric":"gross_margin","period":{"end":"2003-09-30","start":"2003-07-01"},"position":"above"},{"metric":"revenue","period":null,"position":null}],"kind":"filing","metrics":[{"computed_from":["NetIncomeLoss 2005-10-01..2005-12-31 = 3983000 (filing 9000000002-26-000002)"],"derived":false,"formula":"(A − B) / |B|","name":"net_income","period":{"end":"2005-12-31","start":"2005-10-01"},"period_kind":"quarter","unit":"USD","value":3983000},{"name":"equity_to_assets","period":{"instant":"2005-12-31"},"period_kind":"instant","unit":"pure","value":0.10203157021544776},{"name":"eps","period":{"end":"2005-12-31","start":"2005-01-01"},"period_kind":"no-such-kind","value":-1.5E-2},{"name":"eps","period":{"end":"2005-12-31","start":"2005-07-01"},"period_kind":null,"value":0}],"period":{"end":"2005-12-31","start":"2005-10-01"},"restatements":[]}
        """#

    @Test(arguments: [
        written,
        #"{"filing_id":"f","company_key":"k"}"#,
        #"{ "filing_id" : "f\u00e9\"" , "company_key":"k","cik":null,"company":null,"form":null,"kind":null,"period":null,"metrics":null,"guidance":null }"#,
        #"{"filing_id":"f","company_key":"k","period":{},"metrics":[],"guidance":[]}"#,
    ])
    func readsWhatFoundationReads(_ json: String) throws {
        let read = try direct(json)
        #expect(summary(read) == summary(try MetricEvent(foundation: Array(json.utf8))))
        #expect(summary(try MetricEvent(json: Array(json.utf8))) == summary(read))
    }

    @Test func readsTheWrittenEventsValues() throws {
        let event = try direct(Self.written)
        #expect(event.metrics.map(\.name) == ["net_income", "equity_to_assets", "eps", "eps"])
        #expect(event.metrics.map(\.value) == [3_983_000, 0.10203157021544776, -0.015, 0])
        // An unknown or null period kind is derived from the period.
        #expect(event.metrics.map(\.periodKind) == [.quarter, .instant, .year, .ytd])
        #expect(event.guidance.map(\.metric) == ["gross_margin", "revenue"])
        #expect(event.guidance.map(\.position) == ["above", nil])
        #expect(event.periodKey == "2005-10-01..2005-12-31")
    }

    /// Left to Foundation: its result (an event, or its error) is what `MetricEvent(json:)` gives.
    @Test(arguments: [
        // A key twice: Foundation decides which one counts.
        (#"{"filing_id":"a","company_key":"k","filing_id":"b"}"#, true),
        // A guidance entry without its metric: Foundation's lenient decoding drops it.
        (#"{"filing_id":"f","company_key":"k","guidance":[{"position":"above"},{"metric":"revenue"}]}"#, true),
        // A period kind that is not a string: ignored by Foundation's decoding.
        (#"{"filing_id":"f","company_key":"k","metrics":[{"name":"n","value":1,"period":{},"period_kind":3}]}"#, true),
        // Not events notify can read.
        (#"{"company_key":"k"}"#, false),
        (#"{"filing_id":1,"company_key":"k"}"#, false),
        (#"{"filing_id":"f","company_key":"k","metrics":[{"name":"n","value":"1","period":{}}]}"#, false),
        (#"{"filing_id":"f","company_key":"k"} x"#, false),
        (#"[]"#, false),
    ])
    func leftToFoundation(_ json: String, _ decodes: Bool) throws {
        #expect(throws: JSONReader.Unsupported.self) { try direct(json) }
        let foundation = try? MetricEvent(foundation: Array(json.utf8))
        #expect((foundation != nil) == decodes)
        if let foundation {
            #expect(summary(try MetricEvent(json: Array(json.utf8))) == summary(foundation))
        } else {
            #expect(throws: DecodingError.self) { try MetricEvent(json: Array(json.utf8)) }
        }
    }
}
