import FilingParser

/// The record key that keeps one company's events ordered on one partition.
///
/// The CIK when the filing has one; bare documents (no SEC header) fall back to the commission
/// file number, then to the normalized company name.
public enum CompanyKey {
    public static func of(_ header: FilingHeader) -> String? {
        if let cik = header.cik, !cik.isEmpty { return cik }
        if let file = header.commissionFileNumber, !file.isEmpty { return "file-" + file }
        if let name = header.company, !name.isEmpty {
            let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
            return "name-" + String(slug).split(separator: "-").joined(separator: "-")
        }
        return nil
    }
}
