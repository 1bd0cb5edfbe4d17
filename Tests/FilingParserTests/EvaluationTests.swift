import Foundation
import Testing
@testable import FilingParser

/// `filings eval` over the fixtures, file by file: the 16 filings the parser was built on score 100%;
/// the 10 newer ones (other companies, HTML, 1990s layouts) match at least as many fields as they did
/// when they arrived. Raise a floor when the parser gets better; a floor never goes down.
@Suite("Truth evaluation", .fixtures)
struct EvaluationTests {
    /// Matched fields per newer fixture (of `total` fields its truth has), as measured on 2026-12-06.
    static let floors: [String: (matched: Int, total: Int)] = [
        "amazon-8k-1999-04-29": (14, 14),
        "apple-8k-2004-07-14": (13, 14),
        "apple-8k-2011-01-18": (10, 14),
        "apple-8k-2024-02-01": (9, 14),
        "buckle-ex99-2024-11-02": (6, 9),
        "chemical-8k-1994-01-21": (12, 12),
        "ford-8k-1994-02-10": (5, 12),
        "sears-8k-2004-07-22": (10, 14),
        "southern-8k-2007-01-25": (11, 11),
        "wellsfargo-ex99-2000-06-30": (0, 15),
    ]

    static func outcomes(_ name: String) throws -> [TruthEvaluation.Outcome] {
        TruthEvaluation.evaluate(file: name, text: try Fixtures.text(name), truth: try Fixtures.truth(name))
    }

    @Test("every fixture is either one of the 16 originals or has a floor")
    func everyFixtureIsCovered() {
        #expect(Set(Fixtures.all()) == Set(Fixtures.original).union(Self.floors.keys))
    }

    @Test("the 16 original fixtures score 100% on every field their truth has", arguments: Fixtures.original)
    func originalScores(name: String) throws {
        let outcomes = try Self.outcomes(name)
        #expect(outcomes.count >= 8, "\(name): only \(outcomes.count) fields evaluated")
        let misses = outcomes.filter { !$0.matched }.map { "\($0.field): expected \($0.expected) got \($0.got)" }
        #expect(misses.isEmpty, "\(name): \(misses)")
        if Fixtures.ptix.contains(name) {
            #expect(outcomes.filter { $0.field.hasPrefix("guidance.") }.count == 4, "\(name): PTIX guidance takes part")
        }
    }

    @Test("the newer fixtures match at least their floor of fields", arguments: Self.floors.keys.sorted())
    func newerFloors(name: String) throws {
        let outcomes = try Self.outcomes(name)
        let floor = try #require(Self.floors[name])
        let matched = outcomes.filter(\.matched).count
        print("EVAL \(name): \(matched)/\(outcomes.count)")
        #expect(outcomes.count == floor.total, "\(name): \(outcomes.count) fields evaluated, \(floor.total) expected")
        #expect(matched >= floor.matched,
                "\(name): \(matched) matched, floor \(floor.matched); misses: \(outcomes.filter { !$0.matched }.map(\.field))")
    }

    @Test("a wrong parse is reported as a miss")
    func missDetected() throws {
        var truth = try Fixtures.truth("ptix-8k-2003-10-23")
        truth["total_assets"] = 1
        let outcomes = TruthEvaluation.evaluate(file: "x", text: try Fixtures.text("ptix-8k-2003-10-23"), truth: truth)
        #expect(outcomes.contains { $0.field == "total_assets" && !$0.matched })
    }
}
