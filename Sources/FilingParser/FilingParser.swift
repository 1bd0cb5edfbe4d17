/// Parses SEC Form 8-K earnings filings (plain text, 1990s-2000s) into a header, the financial
/// statements found in their plain-text documents, and normalized facts.
///
/// Input may be an EDGAR complete submission (`<SEC-DOCUMENT>` / `<SEC-HEADER>`, possibly inside a
/// PEM wrapper) or a bare document such as an 8-K with its press release. HTML documents are not
/// read for tables (only the header is returned for them). Parsing never traps on bad input.
public enum FilingParser {
    /// Parses a whole filing: an EDGAR complete submission (<SEC-DOCUMENT>/<SEC-HEADER>, possibly inside a PEM wrapper) or a bare document.
    public static func parse(_ text: String) -> ParsedFiling {
        let envelope = SubmissionEnvelope(text)
        let (header, filer) = HeaderParser.header(envelope, mainLines: mainLines(envelope))
        let fiscalYearEnd = filer?.fiscalYearEnd.flatMap(parseFiscalYearEnd)

        var statements: [Statement] = []
        var facts: [Fact] = []
        for doc in envelope.documents where !doc.isMarkupOrBinary {
            let lines = LineAnalyzer.analyze(doc.text)
            let built = TableFinder.find(lines).compactMap { StatementBuilder.build($0, fiscalYearEnd: fiscalYearEnd) }
            guard !built.isEmpty else { continue }
            var implied: Double?
            if built.contains(where: { !$0.explicitScale && $0.monetary }) {
                implied = ProseAmounts.impliedScale(built, amounts: ProseAmounts.extract(doc.text))
            }
            for b in built {
                var statement = b.statement
                if !b.explicitScale, let s = implied { statement.scale = s }
                statements.append(statement)
                facts += FactExtractor.facts(b, impliedScale: implied)
            }
        }
        return ParsedFiling(header: header, statements: statements, facts: FactExtractor.deduplicated(facts))
    }

    /// Only the header (cheap; used by the ingest service to validate and de-duplicate).
    public static func parseHeader(_ text: String) -> FilingHeader {
        let envelope = SubmissionEnvelope(text)
        return HeaderParser.header(envelope, mainLines: mainLines(envelope)).0
    }

    /// The first lines of the 8-K document itself (the cover page), tabs expanded.
    static func mainLines(_ envelope: SubmissionEnvelope) -> [String]? {
        let doc = envelope.documents.first(where: { ($0.type ?? "").uppercased().hasPrefix("8-K") }) ?? envelope.documents.first
        guard let d = doc, !d.isMarkupOrBinary else { return nil }
        var lines: [String] = []
        var start = d.text.startIndex
        var i = d.text.startIndex
        while i < d.text.endIndex && lines.count < 600 {
            if d.text[i] == ASCII.newline {
                lines.append(stringFrom(LineAnalyzer.expand(d.text[start..<i])))
                start = i + 1
            }
            i += 1
        }
        if start < d.text.endIndex && lines.count < 600 {
            lines.append(stringFrom(LineAnalyzer.expand(d.text[start..<d.text.endIndex])))
        }
        return lines
    }

    static func parseFiscalYearEnd(_ s: String) -> (Int, Int)? {
        let digits = s.filter(\.isNumber)
        guard digits.count == 4, let m = Int(digits.prefix(2)), let d = Int(digits.suffix(2)), (1...12).contains(m), (1...31).contains(d) else {
            return nil
        }
        return (m, d)
    }
}
