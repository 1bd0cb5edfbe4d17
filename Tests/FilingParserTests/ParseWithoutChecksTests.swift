import Testing
@testable import FilingParser

/// `FilingParser.parse(_:checks: false)` (what the parse service runs) leaves out the consistency
/// checks and nothing else.
@Suite("Parse without checks")
struct ParseWithoutChecksTests {
    @Test("every other part equals the full parse", arguments: ["pericom-8k-2005-11-07", "asta-8k-2004-11-26", "ptix-8k-2003-07-23"])
    func sameButChecks(name: String) throws {
        let text = try Fixtures.text(name)
        let full = FilingParser.parse(text)
        let lean = FilingParser.parse(text, checks: false)
        #expect(!full.checks.isEmpty)
        #expect(lean.checks.isEmpty)
        var withoutChecks = full
        withoutChecks.checks = []
        #expect(lean == withoutChecks)
    }
}
