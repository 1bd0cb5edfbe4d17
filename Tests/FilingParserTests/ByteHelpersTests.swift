import Testing
@testable import FilingParser

/// The byte-level shortcuts of the hot paths give what the plain versions they replace give.
@Suite("Byte helpers")
struct ByteHelpersTests {
    /// Texts with the cases where bytes and characters differ: "\r\n" (one character), a space
    /// followed by a combining accent (one character), other non-ASCII letters.
    static let texts = [
        "", " ", "Three Months Ended June 30, 2003", "  July 3, 2004 and\nJune 28, 2003 ", "13-week  quarter,,", "a\r\nb, c",
        "Café 2004", "x \u{301}y, 2003", "Q1 FY04", ",", "one,two three\n",
    ]

    @Test("String.words(separatedBy:) splits as split(whereSeparator:) over characters")
    func wordsMatchCharacterSplit() {
        for text in Self.texts {
            for separators in [" ,\n", " "] {
                let expected = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
                #expect(text.words(separatedBy: separators) == expected, "\(text.debugDescription) by \(separators.debugDescription)")
            }
        }
        #expect("June 30, 2003".words(separatedBy: " ,\n") == ["June", "30", "2003"])
    }

    @Test("LowerText.words splits as the character test on the lower-cased text")
    func lowerTextWords() {
        for text in Self.texts + ["Fifty-Two-Week Year", "Twelve Months Ended"] {
            let lower = LowerText(text)
            #expect(lower.words() == lower.text.split { !($0.isLetter || $0.isNumber) }.map(String.init))
            #expect(lower.words(joinedBy: "-") == lower.text.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
        }
        #expect(LowerText("13-Week Quarter").words(joinedBy: "-") == ["13-week", "quarter"])
    }

    @Test("PhraseList finds every occurrence a search per phrase finds")
    func phraseList() {
        let phrases = [Array("pro forma".utf8), Array("pro".utf8), Array("adjusted".utf8), Array("a".utf8)]
        let list = PhraseList(phrases)
        for text in ["pro forma net income", "adjusted", "net income", "xpro", "", "a pro", "unadjusted results, pro-forma"] {
            let t = Array(text.utf8)
            var found: [Range<Int>] = []
            _ = list.contains(in: t) { found.append($0); return false }
            var expected: [Range<Int>] = []
            for p in phrases {
                var from = 0
                while let o = t.find(p, from: from) { expected.append(o..<(o + p.count)); from = o + 1 }
            }
            #expect(Set(found) == Set(expected), "\(text)")
            #expect(list.contains(in: t, where: { _ in true }) == !expected.isEmpty)
        }
    }

    @Test("year-like digits: years, two-digit-year dates, 4Q04, FY04; not other numbers")
    func yearLikeDigits() {
        func test(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer { LineAnalyzer.containsYearLikeDigits($0) } }
        for yes in ["2003", "June 30, 1999", "6/30/03", "06-30-03", "30-Jun-03", "4Q04", "Q1 FY04", "fy99", "12345 2004"] {
            #expect(test(yes), "\(yes)")
        }
        for no in ["", "1,234", "2100", "3004", "6/30", "FY045", "XFY04", "5Q04", "Revenue 123", "30-June-03"] {
            #expect(!test(no), "\(no)")
        }
    }

    @Test("numeric dates with their year, ruled out early when not starting with a digit")
    func numericDates() {
        for yes in ["6/30/03", "06/30/2003", "30-Jun-03", "1-JUN-2003"] { #expect(MonthNames.isNumericDate(Array(yes.utf8)), "\(yes)") }
        for no in ["", "6/30", "13/30/03", "Jun-30-03", "a6/30/03", "6/3/200", "32-Jun-03"] { #expect(!MonthNames.isNumericDate(Array(no.utf8)), "\(no)") }
    }
}
