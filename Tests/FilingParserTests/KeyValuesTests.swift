import Foundation
import Testing
@testable import FilingParser

/// Current-quarter and prior-year-quarter key values of the other plain-text fixtures, compared
/// with the truth files under the checker's matching rules. The test prints which values match
/// and fails if any value listed in `expectedToMatch` regresses.
@Suite("Key values of the other text fixtures")
struct KeyValuesTests {
    struct Outcome: CustomStringConvertible {
        var key: String
        var expected: Double
        var got: [Double]
        var matches: Bool { got.count >= 1 && Set(got).count == 1 && TruthMatching.valuesMatch(got[0], expected, perShare: key.contains("eps")) }
        var description: String { "\(matches ? "ok  " : "MISS") \(key): truth \(expected), got \(got)" }
    }

    static func outcomes(_ name: String) throws -> [Outcome] {
        let truth = try Fixtures.truth(name)
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let periodEnd = try #require((truth["period_end"] as? String).flatMap(isoDate))
        var out: [Outcome] = []
        for (section, end) in [("current_quarter", periodEnd), ("prior_year_quarter", SimpleDate(year: periodEnd.year - 1, month: periodEnd.month, day: periodEnd.day, clamp: true) ?? periodEnd)] {
            guard let values = truth[section] as? [String: Any] else { continue }
            for (key, v) in values.sorted(by: { $0.key < $1.key }) {
                guard let concept = TruthMatching.concepts[key], let expected = jsonNumber(v) else { continue }
                let got = TruthMatching.quarterFacts(parsed, concept, end: end).map(\.value)
                out.append(Outcome(key: "\(section).\(key)", expected: expected, got: got))
            }
        }
        if let assets = jsonNumber(truth["total_assets"]) {
            let got = parsed.facts.filter { f in
                f.concept == "Assets" && f.basis == "gaap" && f.period.instant.flatMap(isoDate).map { abs($0.dayNumber - periodEnd.dayNumber) <= 7 } == true
            }.map(\.value)
            out.append(Outcome(key: "total_assets", expected: assets, got: got))
        }
        return out
    }

    /// Values this parser gets right today (fixture: keys). Everything in the truth files for these
    /// fixtures is listed; a value dropping out of this list is a regression.
    static let expectedToMatch: [String: Set<String>] = {
        let quarterKeys = ["revenue", "net_income", "eps_diluted", "eps_basic"]
        func both(_ keys: [String]) -> Set<String> {
            Set(keys.flatMap { ["current_quarter.\($0)", "prior_year_quarter.\($0)"] })
        }
        let bank = ["net_income", "eps_diluted", "eps_basic", "total_interest_income", "net_interest_income", "noninterest_income"]
        return [
            "asta-8k-2004-02-11": both(quarterKeys),
            "asta-8k-2004-11-26": both(quarterKeys).union(["total_assets"]),
            "asta-8k-2005-12-15": both(quarterKeys).union(["total_assets"]),
            "horizon-8k-2006-01-19": both(bank).union(["total_assets"]),
            "horizon-8k-2009-02-02": both(bank).subtracting(["current_quarter.eps_diluted"]).union(["total_assets"]),
            "pericom-8k-2003-07-29": both(quarterKeys).union(["total_assets"]),
            "pericom-8k-2003-10-21": both(quarterKeys).union(["total_assets"]),
            "pericom-8k-2005-11-07": both(quarterKeys).union(["total_assets"]),
            "pericom-8k-2006-08-16": both(quarterKeys).union(["total_assets"]),
            "pericom-8k-2007-04-26": both(quarterKeys).union(["total_assets"]),
            "southern-8k-2005-01-25": both(["revenue", "net_income", "eps_basic"]),
        ]
    }()

    @Test("current and prior-year quarter values", .fixtures, arguments: Fixtures.otherText)
    func keyValues(name: String) throws {
        let results = try Self.outcomes(name)
        print("[\(name)]\n  " + results.map(\.description).joined(separator: "\n  "))
        let matched = Set(results.filter(\.matches).map(\.key))
        let expected = Self.expectedToMatch[name] ?? []
        #expect(expected.subtracting(matched).isEmpty, "regressed: \(expected.subtracting(matched).sorted())")
    }

    @Test("sequential quarter is its own period, never the prior-year quarter", .fixtures)
    func sequentialQuarter() throws {
        let parsed = FilingParser.parse(try Fixtures.text("pericom-8k-2003-07-29"))
        #expect(parsed.fact("Revenues", period: "2003-03-31")?.value == 11_492_000)
        #expect(parsed.fact("Revenues", period: "2002-06-30")?.value == 12_967_000)
        #expect(parsed.fact("Revenues", period: "2003-06-30")?.value == 11_506_000)
        // The twelve-month column ends on the same day but is a different period.
        let year = parsed.facts.first { $0.concept == "Revenues" && $0.period == Period(start: "2002-07-01", end: "2003-06-30") }
        #expect(year?.value == 44_958_000)
    }

    @Test("pro forma and non-GAAP tables are not GAAP", .fixtures)
    func nonGAAP() throws {
        let pericom = FilingParser.parse(try Fixtures.text("pericom-8k-2003-07-29"))
        #expect(pericom.fact("NetIncomeLoss", period: "2002-06-30")?.value == -694_000)
        #expect(pericom.fact("NetIncomeLoss", period: "2002-06-30", basis: "non-gaap")?.value == -118_000)
        #expect(pericom.statements.contains { $0.basis == "non-gaap" && $0.title.contains("Pro Forma") })

        let pericom05 = FilingParser.parse(try Fixtures.text("pericom-8k-2005-11-07"))
        #expect(pericom05.fact("NetIncomeLoss", period: "2005-10-01")?.value == 625_000)
        #expect(pericom05.fact("NetIncomeLoss", period: "2005-10-01", basis: "non-gaap")?.value == 768_000)

        let southern = FilingParser.parse(try Fixtures.text("southern-8k-2005-01-25"))
        #expect(southern.fact("NetIncomeLoss", period: "2004-12-31")?.value == 204_000_000)
        #expect(southern.fact("NetIncomeLoss", period: "2004-12-31", basis: "non-gaap")?.value == 180_000_000)
    }

    @Test("restated columns: previously reported figures are kept apart", .fixtures)
    func restatement() throws {
        let parsed = FilingParser.parse(try Fixtures.text("pericom-8k-2006-08-16"))
        #expect(parsed.fact("CostOfRevenue", period: "2006-04-01")?.value == 18_402_000)
        #expect(parsed.fact("CostOfRevenue", period: "2006-04-01", basis: "previously-reported")?.value == 18_157_000)
    }

    @Test("scale: printed, implied by the text, and share counts", .fixtures)
    func scales() throws {
        let horizon = FilingParser.parse(try Fixtures.text("horizon-8k-2006-01-19"))
        #expect(horizon.fact("NetIncomeLoss", period: "2005-12-31")?.value == 3_983_000)
        // Share counts are printed in full even though money is in thousands.
        #expect(horizon.fact("WeightedAverageNumberOfSharesOutstandingBasic", period: "2005-12-31")?.value == 9_911_027)
        let pericom = FilingParser.parse(try Fixtures.text("pericom-8k-2007-04-26"))
        #expect(pericom.fact("WeightedAverageNumberOfDilutedSharesOutstanding", period: "2007-03-31")?.value == 26_702_000)
        #expect(pericom.fact("EarningsPerShareDiluted", period: "2007-03-31")?.value == 0.10)
        let southern = FilingParser.parse(try Fixtures.text("southern-8k-2005-01-25"))
        #expect(southern.fact("WeightedAverageNumberOfSharesOutstandingBasic", period: "2004-12-31")?.value == 741_000_000)
        // Kilowatt-hours are not dollars.
        #expect(!southern.facts.contains { $0.label.contains("Sales") && $0.concept == "Revenues" && $0.value > 40_000_000_000 })
    }

    @Test("basic and diluted on one line gives both concepts", .fixtures)
    func combinedEPS() throws {
        let parsed = FilingParser.parse(try Fixtures.text("pericom-8k-2003-10-21"))
        #expect(parsed.fact("EarningsPerShareBasic", period: "2003-09-30")?.value == -0.03)
        #expect(parsed.fact("EarningsPerShareDiluted", period: "2003-09-30")?.value == -0.03)
    }
}
