// libFuzzer entry point for FilingParser. Built by scripts/fuzz.sh with
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
// (-enable-testing so that `@testable import` reaches the internal readers; main.swift starts
// libFuzzer's driver with this function).
//
// The first input byte picks what the rest of the input is fed to (byte % 5):
//   0  number reader: every line through LineAnalyzer.parseValue (every word, every pair of
//      adjacent words, the whole line) and LineAnalyzer.analyzeLine (splitCells, classifyHeader)
//   1  table reader: LineAnalyzer.analyze -> TableFinder.find -> StatementBuilder.build -> facts
//   2  HTML: HTMLText.render, then the table reader over the rendering
//   3  prose: ProseSplitter.sentences -> ProseExtractor.extract, ProseAmounts
//   4  the whole thing: FilingText.decode -> FilingParser.parse and parseHeader
// Besides traps (bounds, overflow, force-unwraps) the harness checks a few invariants the code
// states; a violated one aborts, which libFuzzer reports as a crash.

@testable import FilingParser

#if canImport(Glibc)
import Glibc
#endif

@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        let line = "parser-fuzz: invariant violated: \(message())\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        abort()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let mode = bytes[0] % 5
    let body = bytes[1...]
    switch mode {
    case 0: numberReader(body)
    case 1: tableReader(body, fiscalYearEnd: bytes[0] & 0x80 != 0 ? (6, 30) : nil)
    case 2: html(body)
    case 3: prose(body)
    default: wholeParse(body)
    }
    return 0
}

func checkValue(_ p: LineAnalyzer.ParsedValue, _ s: Int, _ e: Int) {
    switch p.kind {
    case .number, .percent:
        require(p.value.map(\.isFinite) ?? false, "number without a finite value")
        require(s <= p.firstDigit && p.firstDigit < p.lastDigitEnd && p.lastDigitEnd <= e,
                "digits \(p.firstDigit)..<\(p.lastDigitEnd) outside the token \(s)..<\(e)")
    case .dash:
        require(p.value == 0, "dash with value \(String(describing: p.value))")
    case .missing:
        require(p.value == nil, "missing with a value")
    }
}

func checkLines(_ text: AnalyzedText) {
    for i in 0..<text.count {
        let l = text[i]
        require(l.indent <= l.count && l.labelEnd >= l.indent && l.labelEnd <= l.count,
                "label \(l.indent)..<\(l.labelEnd) outside a line of \(l.count) bytes")
        var previousEnd = 0
        for c in l.cells {
            require(c.start >= previousEnd && c.start < c.end && c.end <= l.count,
                    "cell \(c.start)..<\(c.end) out of order or outside the line (\(l.count) bytes)")
            require(c.anchor > c.start && c.anchor <= c.end, "anchor \(c.anchor) outside its cell \(c.start)..<\(c.end)")
            if c.kind == .number || c.kind == .percent { require(c.value?.isFinite ?? false, "numeric cell without a finite value") }
            previousEnd = c.end
        }
        _ = text.label(i)
        _ = text.phrases(i)
    }
}

/// The number reader, line by line.
func numberReader(_ body: ArraySlice<UInt8>) {
    var start = body.startIndex
    var i = body.startIndex
    while i <= body.endIndex {
        if i == body.endIndex || body[i] == ASCII.newline {
            let b = LineAnalyzer.expand(body[start..<i])
            let words = LineAnalyzer.splitWords(b)
            for (k, w) in words.enumerated() {
                if let p = LineAnalyzer.parseValue(b, w.start, w.end) { checkValue(p, w.start, w.end) }
                if k + 1 < words.count, let p = LineAnalyzer.parseValue(b, w.start, words[k + 1].end) {
                    checkValue(p, w.start, words[k + 1].end)
                }
            }
            if let p = LineAnalyzer.parseValue(b, 0, b.count) { checkValue(p, 0, b.count) }
            checkLines(LineAnalyzer.analyzeLine(b))
            start = i + 1
        }
        i += 1
    }
}

/// The table reader over plain text, as FilingParser.parse runs it.
func tableReader(_ text: ArraySlice<UInt8>, fiscalYearEnd: (Int, Int)?) {
    let lines = LineAnalyzer.analyze(text)
    checkLines(lines)
    statements(TableFinder.find(lines), text: text, fiscalYearEnd: fiscalYearEnd)
}

/// The statement builder and fact extractor over tables found in `text`.
func statements(_ tables: [RawTable], text: ArraySlice<UInt8>, fiscalYearEnd: (Int, Int)?) {
    var built: [BuiltStatement] = []
    for t in tables {
        for r in t.rows {
            require(r.cells.count == t.columnCount, "row with \(r.cells.count) cells in a table of \(t.columnCount) columns")
        }
        if let b = StatementBuilder.build(t, fiscalYearEnd: fiscalYearEnd) { built.append(b) }
    }
    guard !built.isEmpty else { return }
    let implied = ProseAmounts.impliedScale(built, amounts: ProseAmounts.extract(text))
    var facts: [Fact] = []
    for b in built { facts += FactExtractor.facts(b, impliedScale: implied) }
    for f in FactExtractor.deduplicated(facts) { require(f.value.isFinite, "fact \(f.concept) = \(f.value)") }
}

/// HTML rendering (documented as linear in the input size), then the tables read from the markup
/// (as FilingParser.parse reads an HTML document) through the statement builder.
func html(_ body: ArraySlice<UInt8>) {
    let rendered = HTMLText.render(body)
    // HTMLText.layout falls back to unaligned rows beyond 64 x (text + 8 x rows) + 64 KB per table.
    require(rendered.count <= 256 * body.count + 65_536, "rendered \(rendered.count) bytes from \(body.count)")
    statements(DocumentTables.html(body), text: rendered[...], fiscalYearEnd: nil)
}

func prose(_ body: ArraySlice<UInt8>) {
    let sentences = ProseSplitter.sentences(body)
    let calendar = FiscalCalendar(yearEndMonth: 12, currentQuarterEnd: SimpleDate(year: 2003, month: 6, day: 30))
    let out = ProseExtractor.extract(sentences: sentences, calendar: calendar,
                                     currentQuarter: Period(start: "2003-04-01", end: "2003-06-30"))
    for g in out.guidance {
        require((g.low ?? 0).isFinite && (g.high ?? 0).isFinite, "guidance \(g.metric) \(String(describing: g.low))...\(String(describing: g.high))")
    }
    for c in out.claims { require(c.value.isFinite, "claim \(c.metric) = \(c.value)") }
    _ = ProseAmounts.extract(body)
}

func wholeParse(_ body: ArraySlice<UInt8>) {
    let text = FilingText.decode(body)
    let parsed = FilingParser.parse(text)
    for f in parsed.facts { require(f.value.isFinite, "fact \(f.concept) = \(f.value)") }
    _ = FilingParser.parseHeader(text)
}
