/// Parses SEC Form 8-K earnings filings (plain text, 1990s-2000s) into a header, the financial
/// statements found in their plain-text documents, and normalized facts.
///
/// Input may be an EDGAR complete submission (`<SEC-DOCUMENT>` / `<SEC-HEADER>`, possibly inside a
/// PEM wrapper) or a bare document such as an 8-K with its press release. Tables of both formats
/// are read into one model (`TableGrid`: HTML from its markup, plain text from word positions)
/// and statements, periods, scale and facts worked out on it; the prose of HTML documents is read
/// from their text rendering (`HTMLText`). XBRL and binary documents are skipped. Besides statements and facts it extracts guidance and claims
/// from the prose and runs consistency checks (`Checks`). Parsing never traps on bad input.
public enum FilingParser {
    /// Parses a whole filing: an EDGAR complete submission (<SEC-DOCUMENT>/<SEC-HEADER>, possibly inside a PEM wrapper) or a bare document.
    /// With `checks` false the consistency checks are not run and `checks` stays empty (the parse
    /// service leaves them out of its event; they were a tenth of the parser's time).
    public static func parse(_ text: String, checks runChecks: Bool = true) -> ParsedFiling {
        let envelope = SubmissionEnvelope(text)
        let (header, filer) = HeaderParser.header(envelope, mainLines: mainLines(envelope))
        let fiscalYearEnd = filer?.fiscalYearEnd.flatMap(parseFiscalYearEnd)
        let documentTables = statementTables(envelope)
        let byStartYear = fiscalYearsNamedByStart(documentTables, fiscalYearEnd: fiscalYearEnd, filed: header.filedDate ?? header.reportDate)

        var statements: [Statement] = []
        var facts: [Fact] = []
        var warnings: [String] = []
        let (readable, readWarnings) = readableDocuments(envelope)
        warnings += readWarnings
        for (text, tables) in zip(readable, documentTables) {
            var built = tables.compactMap { StatementBuilder.build($0, fiscalYearEnd: fiscalYearEnd, byStartYear: byStartYear) }
            guard !built.isEmpty else { continue }
            ReleaseScale.continueScales(&built)
            let amounts = ProseAmounts.extract(text)
            var implied: Double?
            if built.contains(where: { !$0.explicitScale && $0.monetary }) {
                implied = ProseAmounts.impliedScale(built, amounts: amounts)
            }
            let releaseScale = ReleaseScale.printed(built)
            let firstFact = facts.count
            for b in built {
                var statement = b.statement
                let unprinted = b.explicitScale ? nil : ReleaseScale.unprinted(b, implied: implied, release: releaseScale)
                if let s = unprinted { statement.scale = s }
                statements.append(statement)
                FactExtractor.appendFacts(b, impliedScale: unprinted, to: &facts)
            }
            warnings += ProseAmounts.scaleWarnings(facts[firstFact...], amounts: amounts)
        }
        facts = FactExtractor.deduplicated(facts)

        // Prose: guidance and claims, then the checks.
        let current = currentQuarter(statements)
        var calendar = FiscalCalendar(yearEndMonth: fiscalYearEnd.map { $0.1 <= 7 ? ($0.0 + 10) % 12 + 1 : $0.0 } ?? yearEndMonth(statements) ?? 12,
                                      currentQuarterEnd: current?.end.flatMap { SimpleDate(iso: $0) })
        calendar.namedByStartYear = fiscalYearEnd != nil && byStartYear
        var guidance: [Guidance] = []
        var claims: [Claim] = []
        for text in readable {
            let out = ProseExtractor.extract(sentences: ProseSplitter.sentences(text), calendar: calendar, currentQuarter: current)
            guidance += out.guidance
            claims += out.claims
            warnings += out.warnings
        }
        let checks = runChecks ? Checks.run(statements: statements, facts: facts, claims: claims) : []
        return ParsedFiling(header: header, statements: statements, facts: facts, guidance: guidance, claims: claims,
                            checks: checks, warnings: warnings)
    }

    /// The documents as the parser reads them (HTML with tables rendered as text), e.g. to see
    /// why a table was read as it was.
    public static func readableTexts(_ text: String) -> [String] {
        readableDocuments(SubmissionEnvelope(text)).texts.map { stringFrom($0) }
    }

    /// Plain-text documents as they are, HTML documents with tables rendered as text, with a
    /// warning for each document rendered or skipped.
    static func readableDocuments(_ envelope: SubmissionEnvelope) -> (texts: [ArraySlice<UInt8>], warnings: [String]) {
        var readable: [ArraySlice<UInt8>] = []
        var warnings: [String] = []
        for (n, doc) in envelope.documents.enumerated() {
            if !doc.isMarkupOrBinary {
                readable.append(doc.text)
            } else if HTMLText.isHTMLWithTables(doc) {
                readable.append(HTMLText.render(doc.text)[...])
                warnings.append("document \(n + 1) (\(doc.type ?? "untyped")) is HTML: tables read from the markup, prose from its text rendering")
            } else if doc.filename.map({ !$0.lowercased().hasSuffix(".jpg") && !$0.lowercased().hasSuffix(".gif") }) ?? true,
                      !(doc.type ?? "").uppercased().hasPrefix("EX-101") {
                warnings.append("document \(n + 1) (\(doc.type ?? "untyped")) is markup or binary without tables: skipped")
            }
        }
        return (readable, warnings)
    }

    /// The statement tables of each readable document, in the order of `readableDocuments`:
    /// plain text read by its word positions, HTML tables read from their markup.
    static func statementTables(_ envelope: SubmissionEnvelope) -> [[RawTable]] {
        var out: [[RawTable]] = []
        for doc in envelope.documents {
            if !doc.isMarkupOrBinary {
                out.append(DocumentTables.text(doc.text))
            } else if HTMLText.isHTMLWithTables(doc) {
                out.append(DocumentTables.html(doc.text))
            }
        }
        return out
    }

    /// The latest quarter-length column of the first GAAP income statement that has one.
    static func currentQuarter(_ statements: [Statement]) -> Period? {
        var best: Period?
        var bestEnd = Int.min
        for s in statements where s.kind == "income" && s.basis == "gaap" {
            for c in s.columns {
                guard let p = c.period, let a = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { continue }
                let days = e.dayNumber - a.dayNumber + 1
                if abs(days - 91) <= 12 && e.dayNumber > bestEnd {
                    bestEnd = e.dayNumber
                    best = p
                }
            }
            // The first (primary) income statement decides; later tables may restate other periods.
            if best != nil { return best }
        }
        return best
    }

    /// The month a twelve-month income-statement column ends in (the fiscal year end), if any.
    static func yearEndMonth(_ statements: [Statement]) -> Int? {
        for s in statements where s.kind == "income" {
            for c in s.columns {
                guard let p = c.period, let a = p.start.flatMap({ SimpleDate(iso: $0) }), let e = p.end.flatMap({ SimpleDate(iso: $0) }) else { continue }
                if abs(e.dayNumber - a.dayNumber + 1 - 365) <= 8 { return e.day <= 7 ? (e.month + 10) % 12 + 1 : e.month }
            }
        }
        return nil
    }

    /// Only the header (cheap; used by the ingest service to validate and de-duplicate).
    public static func parseHeader(_ text: String) -> FilingHeader {
        let envelope = SubmissionEnvelope(text)
        return HeaderParser.header(envelope, mainLines: mainLines(envelope)).0
    }

    /// The first lines of the 8-K document itself (the cover page), expanded when read.
    static func mainLines(_ envelope: SubmissionEnvelope) -> DocumentLines? {
        let doc = envelope.documents.first(where: { ($0.type ?? "").uppercased().hasPrefix("8-K") }) ?? envelope.documents.first
        guard let d = doc, !d.isMarkupOrBinary else { return nil }
        return DocumentLines(d.text, limit: CoverPage.lineLimit)
    }

    /// Whether the filing names fiscal years ending in January by the year they begin in (the
    /// usual way, `FiscalYearNames`): unless its current quarter, so read, ends after the filing
    /// date while, read by the year they end in, it does not.
    static func fiscalYearsNamedByStart(_ documents: [[RawTable]], fiscalYearEnd: (Int, Int)?, filed: String?) -> Bool {
        guard let fye = fiscalYearEnd, FiscalYearNames.endsEarlyInYear(fye), let filed else { return true }
        func currentQuarterEnd(_ byStart: Bool) -> String? {
            let statements = documents.joined().compactMap { StatementBuilder.build($0, fiscalYearEnd: fye, byStartYear: byStart)?.statement }
            return currentQuarter(statements)?.end
        }
        guard let end = currentQuarterEnd(true), end > filed, let other = currentQuarterEnd(false) else { return true }
        return other > filed
    }

    static func parseFiscalYearEnd(_ s: String) -> (Int, Int)? {
        let digits = s.filter(\.isNumber)
        guard digits.count == 4, let m = Int(digits.prefix(2)), let d = Int(digits.suffix(2)), (1...12).contains(m), (1...31).contains(d) else {
            return nil
        }
        return (m, d)
    }
}
