import Foundation
import Testing
@testable import FilingParser

/// `filings eval` over the fixtures, file by file: every fixture (the 16 filings the parser was built
/// on and the 10 of other companies, HTML and 1990s layouts that came later) scores 100% on every
/// field its truth has.
@Suite("Truth evaluation", .fixtures)
struct EvaluationTests {
    static func outcomes(_ name: String) throws -> [TruthEvaluation.Outcome] {
        TruthEvaluation.evaluate(file: name, text: try Fixtures.text(name), truth: try Fixtures.truth(name))
    }

    @Test("all 26 fixtures take part")
    func everyFixtureIsCovered() {
        #expect(Fixtures.all().count == 26)
        #expect(Set(Fixtures.original).isSubset(of: Fixtures.all()))
    }

    @Test("every fixture scores 100% on every field its truth has", arguments: Fixtures.all())
    func scores(name: String) throws {
        let outcomes = try Self.outcomes(name)
        #expect(outcomes.count >= 8, "\(name): only \(outcomes.count) fields evaluated")
        let misses = outcomes.filter { !$0.matched }.map { "\($0.field): expected \($0.expected) got \($0.got)" }
        #expect(misses.isEmpty, "\(name): \(misses)")
        if Fixtures.ptix.contains(name) {
            #expect(outcomes.filter { $0.field.hasPrefix("guidance.") }.count == 4, "\(name): PTIX guidance takes part")
        }
    }

    @Test("a wrong parse is reported as a miss")
    func missDetected() throws {
        var truth = try Fixtures.truth("ptix-8k-2003-10-23")
        truth["total_assets"] = 1
        let outcomes = TruthEvaluation.evaluate(file: "x", text: try Fixtures.text("ptix-8k-2003-10-23"), truth: truth)
        #expect(outcomes.contains { $0.field == "total_assets" && !$0.matched })
    }
}
