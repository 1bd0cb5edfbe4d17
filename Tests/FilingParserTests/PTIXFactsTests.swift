import Foundation
import Testing
@testable import FilingParser

/// The Performance Technologies samples: cover header and every truth fact of both statements.
@Suite("Performance Technologies samples")
struct PTIXFactsTests {
    @Test("cover page header", .fixtures, arguments: Fixtures.ptix)
    func coverHeader(name: String) throws {
        let truth = try Fixtures.truth(name)
        let header = FilingParser.parseHeader(try Fixtures.text(name))
        #expect(header.company == truth["company"] as? String)
        #expect(header.form == truth["form"] as? String)
        #expect(header.reportDate == truth["report_date"] as? String)
        #expect(header.commissionFileNumber == truth["commission_file_number"] as? String)
        #expect(header.irsEIN == truth["irs_ein"] as? String)
        #expect(header.stateOfIncorporation == truth["state_of_incorporation"] as? String)
        #expect(header.cik == nil)
        #expect(header.accession == nil)
        // Q2 and Q3 covers list Item 7 (exhibit 99.1) and Item 12; the Q4 cover only Item 12.
        if name == "ptix-8k-2004-02-05" {
            #expect(header.items == ["12"])
            #expect(header.exhibits.isEmpty)
        } else {
            #expect(header.items == ["7", "12"])
            #expect(header.exhibits.map(\.type) == ["EX-99.1"])
        }
    }

    @Test("every truth fact is found with its period and value", .fixtures, arguments: Fixtures.ptix)
    func allTruthFacts(name: String) throws {
        let truth = try Fixtures.truth(name)
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let facts = try #require(truth["facts"] as? [[String: Any]])
        #expect(facts.count > 50)
        var missing: [String] = []
        for t in facts {
            let concept = try #require(t["concept"] as? String)
            let p = try #require(t["period"] as? [String: String])
            let period = Period(start: p["start"], end: p["end"], instant: p["instant"])
            let value = try #require(jsonNumber(t["value"]))
            let found = parsed.facts.filter { $0.concept == concept && $0.period == period && $0.basis == "gaap" }
            let perShare = concept.contains("PerShare")
            if !found.contains(where: { TruthMatching.valuesMatch($0.value, value, perShare: perShare) }) {
                missing.append("\(concept) \(period) = \(value); got \(found.map(\.value))")
            }
        }
        #expect(missing.isEmpty, "missing or wrong facts:\n\(missing.joined(separator: "\n"))")
    }

    @Test("no two GAAP facts share concept and period with different values", .fixtures, arguments: Fixtures.ptix + Fixtures.otherText)
    func noConflictingFacts(name: String) throws {
        let parsed = FilingParser.parse(try Fixtures.text(name))
        var seen: [String: Double] = [:]
        var conflicts: [String] = []
        for f in parsed.facts where f.basis == "gaap" {
            let key = "\(f.concept) \(f.period.start ?? "")..\(f.period.end ?? "")@\(f.period.instant ?? "")"
            if let v = seen[key], v != f.value { conflicts.append("\(key): \(v) vs \(f.value)") }
            seen[key] = f.value
        }
        #expect(conflicts.isEmpty, "\(conflicts)")
    }

    @Test("statements: an income statement with four columns and a balance sheet with two dates", .fixtures, arguments: Fixtures.ptix)
    func statementShapes(name: String) throws {
        let parsed = FilingParser.parse(try Fixtures.text(name))
        let income = try #require(parsed.statements.first { $0.kind == "income" })
        let balance = try #require(parsed.statements.first { $0.kind == "balance" })
        #expect(income.columns.count == 4)
        #expect(income.columns.allSatisfy { $0.period?.start != nil && $0.period?.end != nil })
        #expect(balance.columns.count == 2)
        #expect(balance.columns.allSatisfy { $0.period?.instant != nil })
        #expect(income.scale == 1)
        #expect(income.basis == "gaap")
        // Blank cells stay blank in their own column (the restructuring charge exists in one column only).
        if name == "ptix-8k-2003-07-23" {
            let restructuring = try #require(income.rows.first { $0.label == "Restructuring charge" })
            #expect(restructuring.values == [nil, nil, nil, 163_000])
            let securities = try #require(balance.rows.first { $0.label == "Marketable securities" })
            #expect(securities.values == [nil, 2_006_000])
            let twoLine = income.rows.first { $0.label == "Income before income taxes and equity in loss of unconsolidated company" }
            #expect(twoLine?.values.first == 1_137_000)
        }
    }

    @Test("Q4 columns: three months and twelve months ended December 31", .fixtures)
    func fourthQuarterPeriods() throws {
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2004-02-05"))
        let income = try #require(parsed.statements.first { $0.kind == "income" })
        #expect(income.columns.map(\.period) == [
            Period(start: "2003-10-01", end: "2003-12-31"), Period(start: "2002-10-01", end: "2002-12-31"),
            Period(start: "2003-01-01", end: "2003-12-31"), Period(start: "2002-01-01", end: "2002-12-31"),
        ])
        #expect(parsed.fact("NetIncomeLoss", period: "2003-12-31")?.value == 1_134_000)
        #expect(parsed.fact("Assets", period: "2003-12-31")?.value == 51_660_000)
    }

    @Test("negative values in parentheses", .fixtures)
    func parenthesesAreNegative() throws {
        let parsed = FilingParser.parse(try Fixtures.text("ptix-8k-2003-10-23"))
        let q3 = Period(start: "2002-07-01", end: "2002-09-30")
        #expect(parsed.facts.first { $0.concept == "NetIncomeLoss" && $0.period == q3 }?.value == -1_191_000)
        #expect(parsed.facts.first { $0.concept == "EarningsPerShareBasic" && $0.period == q3 }?.value == -0.10)
        #expect(parsed.facts.first { $0.concept == "EarningsPerShareBasic" && $0.period == q3 }?.unit == "USD/share")
    }
}
