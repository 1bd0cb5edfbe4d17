import Foundation
import Testing
@testable import FilingParser

/// The real filings and their hand-verified truth files. They are public data kept outside the
/// repository: `FIXTURES_DIR` if set, else `../shared/fixtures/filings` beside the project's root.
enum Fixtures {
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/filings").standardizedFileURL
    }()

    static var present: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path) }

    /// CI sets REQUIRE_FIXTURES=1: then a test that needs the fixtures runs (and fails) when they are absent.
    static var required: Bool { ProcessInfo.processInfo.environment["REQUIRE_FIXTURES"] == "1" }

    static var absentMessage: String {
        "the fixture filings are not at \(directory.path) (set FIXTURES_DIR to their folder)"
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The filing's text: `name.txt`, else `name.htm`.
    static func text(_ name: String) throws -> String {
        for ext in ["txt", "htm"] {
            let url = directory.appendingPathComponent(name + "." + ext)
            if let data = FileManager.default.contents(atPath: url.path) { return String(decoding: data, as: UTF8.self) }
        }
        throw Missing(description: "no \(name).txt or .htm: " + absentMessage)
    }

    static func truth(_ name: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name + ".truth.json").path) else {
            throw Missing(description: "no \(name).truth.json: " + absentMessage)
        }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Fixture names (without extension) that have a truth file.
    static func all() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".truth.json") }.map { String($0.dropLast(".truth.json".count)) }.sorted()
    }

    static let ptix = ["ptix-8k-2003-07-23", "ptix-8k-2003-10-23", "ptix-8k-2004-02-05"]
    static let otherText = [
        "asta-8k-2004-02-11", "asta-8k-2004-11-26", "asta-8k-2005-12-15", "horizon-8k-2006-01-19", "horizon-8k-2009-02-02",
        "pericom-8k-2003-07-29", "pericom-8k-2003-10-21", "pericom-8k-2005-11-07", "pericom-8k-2006-08-16",
        "pericom-8k-2007-04-26", "southern-8k-2005-01-25",
    ]
    static let html = ["oracle-8k-2014-06-19", "oracle-8k-2022-06-13"]
    /// The 16 filings the parser was first built on (the other fixtures came later).
    static let original = ptix + otherText + html
}

extension Trait where Self == ConditionTrait {
    /// For tests that read the fixture filings: skipped, saying where they were looked for, when they
    /// are absent, unless REQUIRE_FIXTURES=1 (CI), where the test runs and fails on the missing file.
    static var fixtures: Self {
        .enabled(if: Fixtures.present || Fixtures.required, Comment(rawValue: Fixtures.absentMessage))
    }
}

/// Number from a JSON value (Int or Double), nil otherwise.
func jsonNumber(_ v: Any?) -> Double? {
    if let n = v as? NSNumber { return n.doubleValue }
    return nil
}

func isoDate(_ s: String) -> SimpleDate? { SimpleDate(iso: s) }

/// The checker's matching rules: a quarter is 91 +/- 12 days ending within 7 days of the stated end.
enum TruthMatching {
    static let concepts: [String: String] = [
        "revenue": "Revenues",
        "net_income": "NetIncomeLoss",
        "eps_diluted": "EarningsPerShareDiluted",
        "eps_basic": "EarningsPerShareBasic",
        "total_interest_income": "InterestAndDividendIncomeOperating",
        "net_interest_income": "InterestIncomeExpenseNet",
        "noninterest_income": "NoninterestIncome",
    ]

    static func isQuarter(_ p: Period, endingNear end: SimpleDate) -> Bool {
        guard let s = p.start.flatMap(isoDate), let e = p.end.flatMap(isoDate) else { return false }
        let days = e.dayNumber - s.dayNumber + 1
        return abs(days - 91) <= 12 && abs(e.dayNumber - end.dayNumber) <= 7
    }

    static func valuesMatch(_ a: Double, _ b: Double, perShare: Bool) -> Bool {
        perShare ? abs(a - b) < 0.005 : abs(a - b) <= 0.5
    }

    /// GAAP quarter facts for `concept` ending near `end`.
    static func quarterFacts(_ parsed: ParsedFiling, _ concept: String, end: SimpleDate) -> [Fact] {
        parsed.facts.filter { $0.concept == concept && $0.basis == "gaap" && isQuarter($0.period, endingNear: end) }
    }
}
