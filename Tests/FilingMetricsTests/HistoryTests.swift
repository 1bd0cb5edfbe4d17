@testable import FilingMetrics
import FilingParser
import Testing

struct HistoryTests {
    @Test func quartersAreDerivedFromYearToDateDifferences() throws {
        let july = FilingRecord(filingID: "july", date: "2003-07-23", facts: [fact("Revenues", 12_636_000, q2), fact("Revenues", 23_675_000, h1)])
        let february = FilingRecord(filingID: "feb", date: "2004-02-05", facts: [
            fact("Revenues", 13_257_000, q4), fact("Revenues", 50_000_000, fy)])
        let october = FilingRecord(filingID: "oct", date: "2003-10-23", facts: [fact("Revenues", 36_743_000, nineMonths)])
        let analysis = CompanyAnalysis([july, february, october])
        let derivedQ1 = try #require(analysis.metrics.first { $0.name == "revenue" && $0.period == q1 })
        #expect(derivedQ1.value == 11_039_000)
        #expect(derivedQ1.derived)
        #expect(derivedQ1.computedFrom[0].contains("2003-01-01..2003-06-30"))
        // Q3 = nine months − six months, a derived quarter.
        let q3Revenue = analysis.metrics.filter { $0.name == "revenue" && $0.period == q3 }
        #expect(q3Revenue.map(\.value) == [36_743_000 - 23_675_000], "\(q3Revenue)")
        // Q4 is reported and derivable (year − nine months): checked, not replaced.
        let check = try #require(analysis.derivationChecks.first { $0.period == q4 })
        #expect(check.reported == 13_257_000)
        #expect(check.derived == 50_000_000 - 36_743_000)
        #expect(check.agrees == (13_257_000 == 50_000_000 - 36_743_000))
        #expect(analysis.value("revenue", q4) == 13_257_000)
        #expect(analysis.value("revenue_growth_qoq", q2).map { abs($0 - (12_636_000.0 / 11_039_000 - 1)) < 1e-12 } == true)
    }

    @Test func aLaterFilingRestatesAndWinsWhateverTheArrivalOrder() {
        let first = FilingRecord(filingID: "first", date: "2003-07-23", facts: [fact("Revenues", 100, q2)])
        let restated = FilingRecord(filingID: "restated", date: "2003-10-23", facts: [fact("Revenues", 110, q2)])
        for order in [[first, restated], [restated, first]] {
            let analysis = CompanyAnalysis(order)
            #expect(analysis.value("revenue", q2) == 110)
            #expect(analysis.restatements == [Restatement(concept: "Revenues", period: q2, previousValue: 100,
                                                          previousFilingID: "first", value: 110, filingID: "restated")])
        }
        let repeatOnly = CompanyAnalysis([first, FilingRecord(filingID: "again", date: "2003-10-23", facts: [fact("Revenues", 100, q2)])])
        #expect(repeatOnly.restatements.isEmpty)
    }

    @Test func contradictoryFactsInOneFilingKeepTheFirstAndWarn() {
        let analysis = CompanyAnalysis([FilingRecord(filingID: "x", date: "d", facts: [
            fact("Revenues", 100, q2), fact("Revenues", 900, q2), fact("NetIncomeLoss", 10, q2)])])
        #expect(analysis.value("revenue", q2) == 100)
        #expect(analysis.value("net_margin", q2) == 0.1)
        #expect(analysis.warnings.count == 1)
        #expect(analysis.restatements.isEmpty)
    }

    @Test func guidanceIsPositionedAgainstTheActualWithSurpriseVsMidpoint() throws {
        let guide = FilingRecord(filingID: "july", date: "2003-07-23", facts: [], guidance: [
            Guidance(metric: "revenue", period: q3, periodLabel: "third quarter", low: 12_500_000, high: 13_500_000, unit: "USD", text: "r"),
            Guidance(metric: "gross_margin", period: q3, periodLabel: nil, low: 0.475, high: 0.495, unit: "pure", text: "g"),
            Guidance(metric: "eps_diluted", period: q3, periodLabel: nil, low: 0.05, high: 0.09, unit: "USD/share", text: "e"),
            Guidance(metric: "tax_rate", period: q3, periodLabel: nil, low: 0.31, high: 0.31, unit: "pure", text: "t"),
            Guidance(metric: "revenue", period: q4, periodLabel: nil, low: 1, high: 2, unit: "USD", text: "not yet known"),
        ])
        let actual = FilingRecord(filingID: "oct", date: "2003-10-23", facts: [
            fact("Revenues", 13_060_000, q3), fact("GrossProfit", 6_544_000, q3),
            fact("EarningsPerShareDiluted", 0.07, q3, unit: "USD/share"),
        ])
        for order in [[guide, actual], [actual, guide]] {
            let comparisons = CompanyAnalysis(order).guidanceComparisons
            #expect(comparisons.count == 3)
            let revenue = try #require(comparisons.first { $0.metric == "revenue" })
            #expect(revenue.position == .within)
            #expect(revenue.surpriseVsMidpoint.map { abs($0 - 0.0046154) < 1e-6 } == true)
            #expect(comparisons.first { $0.metric == "gross_margin" }?.position == .above)
            #expect(comparisons.first { $0.metric == "eps_diluted" }?.position == .within)
        }
        let pointGuidance = CompanyAnalysis([FilingRecord(filingID: "x", date: "d", facts: [
            fact("IncomeTaxExpenseBenefit", 310_200, q3),
            fact("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest", 1_000_000, q3)],
            guidance: [Guidance(metric: "tax_rate", period: q3, periodLabel: nil, low: 0.31, high: 0.31, unit: "pure", text: "")])])
        #expect(pointGuidance.guidanceComparisons.first?.position == .within, "31.02% meets a 31% point estimate")
        let below = CompanyAnalysis([FilingRecord(filingID: "x", date: "d", facts: [fact("Revenues", 1, q3)], guidance: [
            Guidance(metric: "revenue", period: q3, periodLabel: nil, low: 2, high: 3, unit: "USD", text: "")])])
        #expect(below.guidanceComparisons.first?.position == .below)
    }

    @Test func claimsAreCheckedWithinTheirRoundingOnceTheirPeriodsAreKnown() {
        let july = FilingRecord(filingID: "july", date: "2003-07-23",
                                facts: [fact("Revenues", 12_636_000, q2), fact("Revenues", 23_675_000, h1)],
                                claims: [Claim(metric: "revenue_growth_qoq", value: 0.14, period: q2, text: "14% growth"),
                                         Claim(metric: "revenue_growth_qoq", value: 0.20, period: q2, text: "wrong"),
                                         Claim(metric: "revenue_growth_yoy", value: 0.91, period: q2, text: "needs 2002")])
        let checks = CompanyAnalysis([july]).claimChecks
        #expect(checks.map(\.status) == [.holds, .fails, .unverifiable])
        let withPriorYear = FilingRecord(filingID: "old", date: "2002-07-23", facts: [fact("Revenues", 6_619_000, q2Prior)])
        #expect(CompanyAnalysis([july, withPriorYear]).claimChecks.last?.status == .holds)
        #expect(ClaimCheck.tolerance(of: Claim(metric: "revenue", value: 13_100_000, period: nil, text: "")) == 50_000)
        #expect(ClaimCheck.tolerance(of: Claim(metric: "revenue_growth_qoq", value: 0.145, period: nil, text: "")) == 0.0005)
    }
}
