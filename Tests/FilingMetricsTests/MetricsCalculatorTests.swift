@testable import FilingMetrics
import FilingParser
import Testing

func fact(_ concept: String, _ value: Double, _ period: Period, unit: String = "USD", basis: String = "gaap") -> Fact {
    Fact(concept: concept, label: concept, statement: "income", value: value, unit: unit, period: period, basis: basis)
}

let q1 = Period(start: "2003-01-01", end: "2003-03-31")
let q2 = Period(start: "2003-04-01", end: "2003-06-30")
let q2Prior = Period(start: "2002-04-01", end: "2002-06-30")
let h1 = Period(start: "2003-01-01", end: "2003-06-30")
let q3 = Period(start: "2003-07-01", end: "2003-09-30")
let nineMonths = Period(start: "2003-01-01", end: "2003-09-30")
let q4 = Period(start: "2003-10-01", end: "2003-12-31")
let fy = Period(start: "2003-01-01", end: "2003-12-31")

struct MetricsCalculatorTests {
    @Test func mainPeriodIsTheLatestQuarterNotTheYearToDate() {
        let facts = [q2, q2Prior, h1].map { fact("Revenues", 1, $0) }
        #expect(MetricsCalculator.mainPeriod(of: facts) == q2)
        #expect(MetricsCalculator.mainPeriod(of: []) == nil)
        #expect(MetricsCalculator.mainPeriod(of: [fact("Revenues", 1, q2, basis: "non-gaap")]) == nil)
    }

    @Test func marginsGrowthAndRatiosWithTheirInputs() throws {
        let filing = FilingRecord(filingID: "a", date: "2003-07-23", facts: [
            fact("Revenues", 12_636_000, q2), fact("Revenues", 6_619_000, q2Prior), fact("CostOfRevenue", 6_510_000, q2),
            fact("GrossProfit", 6_126_000, q2), fact("OperatingIncomeLoss", 1_010_000, q2), fact("NetIncomeLoss", 704_000, q2),
            fact("NetIncomeLoss", 407_000, q2Prior), fact("EarningsPerShareDiluted", 0.06, q2, unit: "USD/share"),
            fact("EarningsPerShareDiluted", 0.03, q2Prior, unit: "USD/share"),
            fact("IncomeTaxExpenseBenefit", 352_000, q2),
            fact("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest", 1_137_000, q2),
            fact("ResearchAndDevelopmentExpense", 2_471_000, q2),
        ])
        let analysis = CompanyAnalysis([filing])
        func v(_ name: String) -> Double? { analysis.value(name, q2) }
        #expect(v("gross_margin").map { abs($0 - 0.484805) < 1e-6 } == true)
        #expect(v("operating_margin").map { abs($0 - 1_010_000.0 / 12_636_000) < 1e-12 } == true)
        #expect(v("net_margin").map { abs($0 - 704_000.0 / 12_636_000) < 1e-12 } == true)
        #expect(v("effective_tax_rate").map { abs($0 - 352_000.0 / 1_137_000) < 1e-12 } == true)
        #expect(v("rd_to_revenue").map { abs($0 - 2_471_000.0 / 12_636_000) < 1e-12 } == true)
        #expect(v("revenue_growth_yoy").map { abs($0 - 0.909049) < 1e-6 } == true)
        #expect(v("net_income_growth_yoy").map { abs($0 - (704.0 / 407 - 1)) < 1e-12 } == true)
        #expect(v("eps_diluted_change_yoy").map { abs($0 - 1.0) < 1e-12 } == true)
        let margin = try #require(analysis.metrics.first { $0.name == "gross_margin" && $0.period == q2 })
        #expect(margin.unit == "pure")
        #expect(margin.periodKind == .quarter)
        #expect(margin.computedFrom.count == 2)
        #expect(margin.computedFrom[0].contains("filing a"))
    }

    @Test func grossProfitFallsBackToRevenueMinusCost() {
        let analysis = CompanyAnalysis([FilingRecord(filingID: "a", date: "d", facts: [
            fact("Revenues", 100, q2), fact("CostOfRevenue", 60, q2)])])
        #expect(analysis.value("gross_profit", q2) == 40)
        #expect(analysis.value("gross_margin", q2) == 0.4)
    }

    @Test func divisionByZeroAndMissingPeriodsGiveNoMetricRatherThanInfinity() {
        let analysis = CompanyAnalysis([FilingRecord(filingID: "a", date: "d", facts: [
            fact("Revenues", 0, q2), fact("Revenues", 0, q2Prior), fact("GrossProfit", 10, q2),
            fact("NetIncomeLoss", 5, q3),
        ])])
        #expect(analysis.value("gross_margin", q2) == nil)
        #expect(analysis.value("revenue_growth_yoy", q2) == nil)
        #expect(analysis.value("net_income_growth_yoy", q3) == nil)
        #expect(analysis.value("revenue_growth_qoq", q3) == nil)
        #expect(analysis.metrics.allSatisfy { $0.value.isFinite })
    }

    @Test func growthOnANegativeBaseIsMeasuredAgainstItsMagnitude() {
        let analysis = CompanyAnalysis([FilingRecord(filingID: "a", date: "d", facts: [
            fact("NetIncomeLoss", 50, q2), fact("NetIncomeLoss", -100, q2Prior)])])
        #expect(analysis.value("net_income_growth_yoy", q2) == 1.5)
    }

    @Test func sequentialGrowthUsesTheQuarterBeforeNotThePriorYear() {
        let analysis = CompanyAnalysis([FilingRecord(filingID: "a", date: "d", facts: [
            fact("Revenues", 110, q3), fact("Revenues", 100, q2), fact("Revenues", 50, Period(start: "2002-07-01", end: "2002-09-30"))])])
        #expect(analysis.value("revenue_growth_qoq", q3).map { abs($0 - 0.1) < 1e-12 } == true)
        #expect(analysis.value("revenue_growth_yoy", q3) == 1.2)
    }

    @Test func balanceSheetRatiosAtAnInstant() {
        let date = Period(instant: "2003-06-30")
        let analysis = CompanyAnalysis([FilingRecord(filingID: "a", date: "d", facts: [
            fact("AssetsCurrent", 39_407_000, date), fact("LiabilitiesCurrent", 6_195_000, date), fact("Assets", 46_631_000, date),
            fact("StockholdersEquity", 39_662_000, date), fact("CashAndCashEquivalentsAtCarryingValue", 23_994_000, date),
        ])])
        #expect(analysis.value("working_capital", date) == 33_212_000)
        #expect(analysis.value("current_ratio", date).map { abs($0 - 39_407_000.0 / 6_195_000) < 1e-12 } == true)
        #expect(analysis.value("equity_to_assets", date).map { abs($0 - 39_662_000.0 / 46_631_000) < 1e-12 } == true)
        #expect(analysis.value("cash", date) == 23_994_000)
        #expect(analysis.metrics.first { $0.name == "cash" }?.periodKind == .instant)
    }

    @Test func dayNumbersAreCalendarCorrect() {
        #expect(dayNumber("1970-01-01") == 0)
        #expect(dayNumber("2004-03-01")! - dayNumber("2004-02-28")! == 2)
        #expect(dayNumber("2003-13-01") == nil)
        #expect(isoDate(dayNumber("2004-02-29")!) == "2004-02-29")
        #expect(isoDate(dayNumber("1999-12-31")! + 1) == "2000-01-01")
        #expect(PeriodKind(q3) == .quarter && PeriodKind(nineMonths) == .ytd && PeriodKind(fy) == .year)
    }
}
