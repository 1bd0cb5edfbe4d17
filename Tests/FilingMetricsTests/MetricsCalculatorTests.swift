@testable import FilingMetrics
import FilingParser
import Testing

struct MetricsCalculatorTests {
    let q2 = Period(start: "2003-04-01", end: "2003-06-30")
    let q2Prior = Period(start: "2002-04-01", end: "2002-06-30")
    let h1 = Period(start: "2003-01-01", end: "2003-06-30")

    @Test func mainPeriodIsTheLatestQuarterNotTheYearToDate() {
        let facts = [q2, q2Prior, h1].map { Fact(concept: "Revenues", label: "Sales", statement: "income", value: 1, unit: "USD", period: $0, basis: "gaap") }
        #expect(MetricsCalculator.mainPeriod(of: facts) == q2)
        #expect(MetricsCalculator.mainPeriod(of: []) == nil)
    }

    @Test func revenueGrowthComparesWithTheSameQuarterAYearEarlier() {
        let history = [
            HistoricalFact(concept: "Revenues", value: 6_619_000, unit: "USD", period: q2Prior, filingID: "a"),
            HistoricalFact(concept: "Revenues", value: 23_675_000, unit: "USD", period: h1, filingID: "a"),
            HistoricalFact(concept: "Revenues", value: 12_636_000, unit: "USD", period: q2, filingID: "a"),
            HistoricalFact(concept: "NetIncomeLoss", value: -81_000, unit: "USD", period: q2, filingID: "a"),
            HistoricalFact(concept: "EarningsPerShareDiluted", value: 0.06, unit: "USD/share", period: q2, filingID: "a"),
        ]
        let metrics = MetricsCalculator.metrics(for: q2, history: history)
        let byName = Dictionary(uniqueKeysWithValues: metrics.map { ($0.name, $0) })
        #expect(byName["revenue"]?.value == 12_636_000)
        #expect(byName["net_income"]?.value == -81_000)
        #expect(byName["eps_diluted"]?.unit == "USD/share")
        let growth = try! #require(byName["revenue_growth_yoy"])
        #expect(abs(growth.value - (12_636_000.0 / 6_619_000 - 1)) < 1e-12)
        #expect(growth.computedFrom.count == 2)
    }

    @Test func aLaterFilingsValueWins() {
        let history = [
            HistoricalFact(concept: "Revenues", value: 100, unit: "USD", period: q2, filingID: "first"),
            HistoricalFact(concept: "Revenues", value: 110, unit: "USD", period: q2, filingID: "restated"),
        ]
        #expect(MetricsCalculator.metrics(for: q2, history: history).first?.value == 110)
    }

    @Test func dayNumbersAreCalendarCorrect() {
        #expect(dayNumber("1970-01-01") == 0)
        #expect(dayNumber("2004-03-01")! - dayNumber("2004-02-28")! == 2)
        #expect(dayNumber("2003-13-01") == nil)
        #expect(Period(start: "2003-07-01", end: "2003-09-30").isQuarter)
        #expect(!Period(start: "2003-01-01", end: "2003-12-31").isQuarter)
    }
}
