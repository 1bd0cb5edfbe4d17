/// One filing listed by EDGAR (daily index line or current-feed entry).
public struct EDGARIndexEntry: Sendable, Equatable {
    public var cik: String
    public var company: String
    public var form: String
    /// ISO yyyy-MM-dd.
    public var dateFiled: String
    public var accession: String
    /// Items when the source lists them (the current feed does; the daily index does not).
    public var items: [String]?

    public init(cik: String, company: String, form: String, dateFiled: String, accession: String, items: [String]? = nil) {
        self.cik = cik
        self.company = company
        self.form = form
        self.dateFiled = dateFiled
        self.accession = accession
        self.items = items
    }

    /// The complete submission: `Archives/edgar/data/CIK/ACCESSION.txt`.
    public var submissionPath: String { "Archives/edgar/data/\(cik)/\(accession).txt" }
}

/// EDGAR's daily master index: `Archives/edgar/daily-index/YYYY/QTRn/master.YYYYMMDD.idx`, a header,
/// a dashed line, then `CIK|Company Name|Form Type|Date Filed|Filename` lines.
public enum DailyIndex {
    public static func path(for day: EDGARDay) -> String {
        "Archives/edgar/daily-index/\(day.year)/QTR\(day.quarter)/master.\(day.compact).idx"
    }

    /// The entries, one per accession number (co-registrants repeat a filing: the first line wins).
    public static func parse(_ text: String) -> [EDGARIndexEntry] {
        var entries: [EDGARIndexEntry] = []
        var seen = Set<String>()
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 5, let cikNumber = Int(fields[0]) else { continue }
            let filename = fields[4]
            guard filename.hasSuffix(".txt"), let slash = filename.lastIndex(of: "/") else { continue }
            let accession = String(filename[filename.index(after: slash)...].dropLast(4))
            guard isAccession(accession), seen.insert(accession).inserted else { continue }
            let date = EDGARDay(fields[3])?.iso ?? fields[3]
            entries.append(EDGARIndexEntry(cik: String(cikNumber), company: fields[1], form: fields[2].uppercased(),
                                           dateFiled: date, accession: accession))
        }
        return entries
    }

    /// `0001564590-22-023099`
    static func isAccession(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [10, 2, 6] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}
