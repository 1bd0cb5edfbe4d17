import Foundation

/// EDGAR's current-filings feed (Atom): `cgi-bin/browse-edgar?action=getcurrent&type=8-K&...&output=atom`.
///
/// Each entry has the form (`<category term="8-K">`), the filer's CIK in the title
/// (`8-K - ORACLE CORP (0001341439) (Filer)`), the accession in the id
/// (`urn:tag:sec.gov,2008:accession-number=0001564590-22-023099`), and in the summary the filing date
/// and the items (`Item 2.02: Results of Operations...`): the poller skips non-earnings 8-Ks without
/// fetching them.
public enum CurrentFeed {
    public static func path(form: String, count: Int = 100) -> String {
        let type = form.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? form
        return "cgi-bin/browse-edgar?action=getcurrent&type=\(type)&company=&dateb=&owner=include&start=0&count=\(count)&output=atom"
    }

    public static func parse(_ xml: String) -> [EDGARIndexEntry] {
        var entries: [EDGARIndexEntry] = []
        var seen = Set<String>()
        for chunk in xml.components(separatedBy: "<entry>").dropFirst() {
            let entry = chunk.components(separatedBy: "</entry>")[0]
            guard let id = between(entry, "<id>", "</id>"), let eq = id.range(of: "accession-number=") else { continue }
            let accession = String(id[eq.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
            guard DailyIndex.isAccession(accession), seen.insert(accession).inserted else { continue }
            let title = between(entry, "<title>", "</title>").map(unescape) ?? ""
            // "8-K - ORACLE CORP (0001341439) (Filer)"
            var cik = ""
            var company = title
            if let open = title.range(of: " ("), let close = title.range(of: ")", range: open.upperBound..<title.endIndex) {
                let digits = title[open.upperBound..<close.lowerBound]
                if digits.allSatisfy(\.isNumber), let number = Int(digits) { cik = String(number) }
                company = String(title[..<open.lowerBound])
            }
            if let dash = company.range(of: " - ") { company = String(company[dash.upperBound...]) }
            guard !cik.isEmpty else { continue }
            var form = ""
            if let term = entry.range(of: "term=\"") {
                form = String(entry[term.upperBound...].prefix { $0 != "\"" })
            }
            let summary = between(entry, "<summary", "</summary>").map(unescape) ?? ""
            var date = ""
            if let filed = summary.range(of: "Filed:") {
                let rest = summary[filed.upperBound...].drop { !$0.isNumber }
                date = String(rest.prefix(10))
            }
            var items: [String] = []
            var search = summary.startIndex..<summary.endIndex
            while let item = summary.range(of: "Item ", range: search) {
                let number = summary[item.upperBound...].prefix { $0.isNumber || $0 == "." }
                let trimmed = number.hasSuffix(".") ? String(number.dropLast()) : String(number)
                if !trimmed.isEmpty && !items.contains(trimmed) { items.append(trimmed) }
                search = item.upperBound..<summary.endIndex
            }
            entries.append(EDGARIndexEntry(cik: cik, company: company, form: form.uppercased(), dateFiled: date,
                                           accession: accession, items: items.isEmpty ? nil : items))
        }
        return entries
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open) else { return nil }
        var from = start.upperBound
        if !open.hasSuffix(">") {  // "<summary type=...>": skip to the end of the tag
            guard let gt = text.range(of: ">", range: from..<text.endIndex) else { return nil }
            from = gt.upperBound
        }
        guard let end = text.range(of: close, range: from..<text.endIndex) else { return nil }
        return String(text[from..<end.lowerBound])
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
