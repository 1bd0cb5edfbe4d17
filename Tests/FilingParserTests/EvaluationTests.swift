import Foundation
import Testing
@testable import FilingParser

/// `filings eval` over the fixtures: the text filings must score 100%; HTML filings are reported apart.
@Suite("Truth evaluation")
struct EvaluationTests {
    @Test("text fixtures score 100% on every field their truth has")
    func textFixtures() throws {
        let report = try TruthEvaluation.evaluate(directory: Fixtures.directory.path)
        print(report.text())
        let (matched, total) = report.score(html: false)
        #expect(total > 300)
        #expect(matched == total, "\(report.misses.filter { !$0.isHTML }.map { "\($0.file) \($0.field): \($0.expected) got \($0.got)" })")
        // Every text fixture took part, PTIX guidance included.
        let files = Set(report.outcomes.filter { !$0.isHTML }.map(\.file))
        #expect(files == Set(Fixtures.ptix + Fixtures.otherText))
        #expect(report.outcomes.filter { $0.field.hasPrefix("guidance.") }.count == 12)
        #expect(Set(report.outcomes.filter(\.isHTML).map(\.file)) == Set(Fixtures.html))
    }

    @Test("HTML fixtures (Oracle) also score 100%, reported separately")
    func htmlFixtures() throws {
        let report = try TruthEvaluation.evaluate(directory: Fixtures.directory.path)
        let (matched, total) = report.score(html: true)
        #expect(total == 28)
        #expect(matched == total, "\(report.misses.filter(\.isHTML).map { "\($0.file) \($0.field): \($0.expected) got \($0.got)" })")
        #expect(report.text().contains("HTML filings: 28/28"))
    }

    @Test("a wrong parse is reported as a miss")
    func missDetected() throws {
        var truth = try Fixtures.truth("ptix-8k-2003-10-23")
        truth["total_assets"] = 1
        let outcomes = TruthEvaluation.evaluate(file: "x", text: try Fixtures.text("ptix-8k-2003-10-23"), truth: truth)
        #expect(outcomes.contains { $0.field == "total_assets" && !$0.matched })
    }
}
