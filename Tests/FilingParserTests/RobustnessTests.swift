import Foundation
import Testing
@testable import FilingParser

@Suite("Robustness and speed")
struct RobustnessTests {
    @Test("empty, whitespace and tag-only input")
    func trivialInputs() {
        for text in ["", " ", "\n\n\n", "<DOCUMENT>", "<DOCUMENT><TEXT>", "</TEXT></DOCUMENT>", "<SEC-HEADER>", "-----BEGIN PRIVACY-ENHANCED MESSAGE-----",
                     "-----BEGIN PRIVACY-ENHANCED MESSAGE-----\n\n- ", "$", "(", "$ (", "1,", ",000", "----", "<TABLE>\n<S> <C>\n</TABLE>",
                     "Three Months Ended\nJune 30,\n2003 2002\nSales $ 1 $ 2", "\t\t\t", "FILER:\nCENTRAL INDEX KEY:", "Item", "Item 99.999"] {
            let parsed = FilingParser.parse(text)
            _ = FilingParser.parseHeader(text)
            #expect(parsed.facts.allSatisfy { $0.value.isFinite })
        }
    }

    @Test("binary-ish and random input never crashes")
    func randomInput() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("0123456789,.$()-% \n\t<>/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz:;=_*\u{0}\u{7}\u{1B}é—")
        for _ in 0..<200 {
            let n = Int(rng.next() % 3000)
            var s = ""
            for _ in 0..<n { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            _ = FilingParser.parse(s)
        }
        var bytes: [UInt8] = []
        for _ in 0..<20_000 { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
        _ = FilingParser.parse(String(decoding: bytes, as: UTF8.self))
    }

    @Test("pathological lines stay fast")
    func pathologicalLines() {
        let header = "                  2003      2002\n"
        let manyNumbers = "Sales " + String(repeating: "  1,234", count: 20_000) + "\n"
        let manyTags = String(repeating: "<", count: 100_000) + "\n"
        let manyYears = String(repeating: "2003 2002 ", count: 5_000) + "\n"
        let rows = String(repeating: "Net sales      $ 1     $ 2\n", count: 2_000)
        let start = Date()
        for text in [header + manyNumbers, manyTags, manyYears + rows, header + rows, String(repeating: header + "Net sales  1  2\n", count: 1_000)] {
            _ = FilingParser.parse(text)
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test("truncated filings parse without crashing", arguments: ["ptix-8k-2003-07-23", "southern-8k-2005-01-25", "horizon-8k-2009-02-02"])
    func truncated(name: String) throws {
        let text = try Fixtures.text(name)
        let utf8 = Array(text.utf8)
        for cut in stride(from: 0, to: utf8.count, by: Swift.max(1, utf8.count / 97)) {
            _ = FilingParser.parse(String(decoding: utf8[0..<cut], as: UTF8.self))
        }
        // Lines cut in the middle of every table row.
        let chopped = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.prefix(Swift.max(0, $0.count - 7))) }.joined(separator: "\n")
        _ = FilingParser.parse(chopped)
    }

    @Test("HTML submissions: header and tables from the text rendering, quickly", arguments: Fixtures.html)
    func html(name: String) throws {
        let text = try Fixtures.text(name)
        let start = Date()
        let parsed = FilingParser.parse(text)
        let elapsed = Date().timeIntervalSince(start)
        #expect(parsed.header.cik == "1341439")
        #expect(parsed.header.form == "8-K")
        // The press release tables are read from the HTML; the XBRL exhibits are not.
        #expect(parsed.statements.contains { $0.kind == "income" && $0.basis == "gaap" && $0.scale == 1_000_000 })
        #expect(parsed.statements.contains { $0.kind == "balance" })
        #expect(parsed.warnings.contains { $0.contains("HTML") })
        #expect(elapsed < 5, "took \(elapsed) s")
    }

    @Test("a 100 KB text filing parses fast")
    func speed() throws {
        let text = try Fixtures.text("asta-8k-2005-12-15")  // 97 KB
        _ = FilingParser.parse(text)
        let start = Date()
        let runs = 5
        for _ in 0..<runs { _ = FilingParser.parse(text) }
        let perRun = Date().timeIntervalSince(start) / Double(runs)
        // Release builds take a few milliseconds; this bound also holds for debug builds.
        #expect(perRun < 1.0, "took \(perRun) s per parse")
        print("asta-8k-2005-12-15 (97 KB): \(Int(perRun * 1000)) ms per parse")
    }
}

/// Deterministic pseudo-random numbers for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
