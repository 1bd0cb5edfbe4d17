import FilingParser
import FilingsCore
import Foundation
@testable import MetricsService
import Testing

/// `OutlookJSON` writes the stored guidance and claims by hand: the bytes must be those
/// `JSONCoding.encoder` writes.
struct OutlookJSONTests {
    @Test(.fixtures) func theFixturesGuidanceAndClaimsAreTheEncodersBytes() throws {
        var guidance: [Guidance] = [], claims: [Claim] = []
        for name in EventEncodingTests.fixtureNames() {
            let parsed = FilingParser.parse(String(decoding: try fixture(name), as: UTF8.self))
            guidance += parsed.guidance
            claims += parsed.claims
        }
        #expect(guidance.count >= 10 && claims.count >= 10)
        for item in guidance { #expect(try OutlookJSON.json(item) == JSONCoding.encoder.encodeBytes(item)) }
        for item in claims { #expect(try OutlookJSON.json(item) == JSONCoding.encoder.encodeBytes(item)) }
    }

    /// Every member, optionals set and nil, with text that needs escapes; a number JSON cannot hold throws.
    @Test func everyMemberSetAndNil() throws {
        let text = "We \"expect\" 14% \\ to $1.2/share\n\tñ 漢 \u{1}"
        let quarter = Period(start: "2026-01-01", end: "2026-03-31")
        let guidance = [
            Guidance(metric: "revenue", fiscalYear: 2026, fiscalQuarter: 1, period: quarter, periodLabel: "first quarter", low: 1e6,
                     high: 1.25e6, unit: "USD", basis: "non_gaap", text: text),
            Guidance(metric: "eps", period: Period(instant: "2026-03-31"), periodLabel: nil, low: -0.0, high: 0.125, unit: "USD/share",
                     text: ""),
            Guidance(metric: "tax_rate", period: nil, periodLabel: nil, low: nil, high: nil, unit: "pure", text: text),
        ]
        let claims = [
            Claim(metric: "revenue_growth_yoy", value: 0.14, period: quarter, text: text, rounding: 0.01),
            Claim(metric: "eps_diluted", value: -1, period: Period(start: "a", end: "b"), text: "x", basis: "non_gaap", unit: "USD/share"),
            Claim(metric: "net_income", value: 1e21, period: nil, text: ""),
        ]
        for item in guidance { #expect(try OutlookJSON.json(item) == JSONCoding.encoder.encodeBytes(item)) }
        for item in claims { #expect(try OutlookJSON.json(item) == JSONCoding.encoder.encodeBytes(item)) }
        #expect(throws: (any Error).self) { try OutlookJSON.json(Claim(metric: "m", value: .nan, period: nil, text: "")) }
        #expect(throws: (any Error).self) {
            try OutlookJSON.json(Guidance(metric: "m", period: nil, periodLabel: nil, low: .infinity, high: nil, unit: "USD", text: ""))
        }
    }
}
