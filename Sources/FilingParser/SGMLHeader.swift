import Foundation

/// One FILER (or SUBJECT COMPANY) block of an EDGAR SGML header.
struct SGMLFiler: Equatable {
    var name: String?
    var cik: String?
    var irsNumber: String?
    var stateOfIncorporation: String?
    var fiscalYearEnd: String?
    var formType: String?
    var fileNumber: String?
    var businessAddress: [String: String] = [:]
}

/// The `KEY: value` pairs of an EDGAR `<SEC-HEADER>`.
struct SGMLHeader: Equatable {
    var accession: String?
    var submissionType: String?
    var periodOfReport: String?
    var filedAsOf: String?
    var itemInformation: [String] = []
    var filers: [SGMLFiler] = []

    init(_ text: ArraySlice<UInt8>) {
        var current: SGMLFiler?
        var subsection = ""
        for rawLine in text.split(separator: ASCII.newline, omittingEmptySubsequences: true) {
            let line = stringFrom(rawLine)
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("<") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[..<colon].trimmingSpaces.uppercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingSpaces
            if value.isEmpty {
                switch key {
                case "FILER", "SUBJECT COMPANY", "FILED BY", "REPORTING-OWNER", "ISSUER", "SERIAL COMPANY":
                    if let c = current { filers.append(c) }
                    current = key == "FILER" || key == "SUBJECT COMPANY" ? SGMLFiler() : nil
                    subsection = ""
                default:
                    subsection = key
                }
                continue
            }
            switch key {
            case "ACCESSION NUMBER": if accession == nil { accession = value }
            case "CONFORMED SUBMISSION TYPE": if submissionType == nil { submissionType = value }
            case "CONFORMED PERIOD OF REPORT": if periodOfReport == nil { periodOfReport = value }
            case "FILED AS OF DATE": if filedAsOf == nil { filedAsOf = value }
            case "ITEM INFORMATION": itemInformation.append(value)
            default:
                guard current != nil else { continue }
                if subsection == "BUSINESS ADDRESS" {
                    current?.businessAddress[key] = value
                    continue
                }
                if subsection == "MAIL ADDRESS" || subsection == "FORMER COMPANY" { continue }
                switch key {
                case "COMPANY CONFORMED NAME": current?.name = value
                case "CENTRAL INDEX KEY": current?.cik = value
                case "IRS NUMBER": current?.irsNumber = value
                case "STATE OF INCORPORATION": current?.stateOfIncorporation = value
                case "FISCAL YEAR END": current?.fiscalYearEnd = value
                case "FORM TYPE": current?.formType = value
                case "SEC FILE NUMBER": current?.fileNumber = value
                default: break
                }
            }
        }
        if let c = current { filers.append(c) }
    }
}

extension SGMLFiler {
    /// CIK without leading zeros.
    var cikNumber: String? {
        guard let c = cik?.filter(\.isNumber), !c.isEmpty else { return nil }
        let stripped = c.drop(while: { $0 == "0" })
        return stripped.isEmpty ? "0" : String(stripped)
    }

    /// IRS number formatted "NN-NNNNNNN" when it has nine digits.
    var formattedIRS: String? {
        guard let n = irsNumber?.filter(\.isNumber), !n.isEmpty, n.count == 9, n != "000000000" else { return nil }
        return String(n.prefix(2)) + "-" + String(n.dropFirst(2))
    }

    /// Distinctive words of the company name (legal suffixes removed), upper-case.
    var nameCore: [String] { CompanyNames.core(name ?? "") }
}

enum CompanyNames {
    static let suffixes: Set<String> = [
        "CO", "COMPANY", "CORP", "CORPORATION", "INC", "INCORPORATED", "LTD", "LIMITED", "LLC", "LP", "PLC",
        "THE", "&", "AND", "NV", "SA", "AG", "DE", "NEW", "/DE/", "HOLDINGS", "GROUP",
    ]

    static func core(_ name: String) -> [String] {
        let words = name.uppercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "/()")) }
            .filter { !$0.isEmpty }
        let core = words.filter { !suffixes.contains($0) }
        return core.isEmpty ? words : core
    }

    private static let smallWords: Set<String> = ["and", "of", "the", "for", "in", "on", "at", "de"]

    /// "PERFORMANCE TECHNOLOGIES, INCORPORATED" -> "Performance Technologies, Incorporated".
    /// Names that are not all upper case are returned unchanged.
    static func titleCased(_ name: String) -> String {
        guard name.contains(where: \.isLetter), !name.contains(where: \.isLowercase) else { return name }
        let small = smallWords
        var out: [String] = []
        for (i, word) in name.split(separator: " ").enumerated() {
            let w = String(word)
            let letters = w.filter(\.isLetter)
            // Keep initialisms such as "N.V." or "USA".
            if w.filter({ $0 == "." }).count >= 2 || (letters.count <= 3 && !w.hasSuffix(".") && !["INC", "CO", "AND", "OF", "THE", "FOR", "NEW"].contains(letters)) {
                out.append(w)
                continue
            }
            let lower = w.lowercased()
            if i > 0 && small.contains(lower) {
                out.append(lower)
            } else {
                out.append(lower.prefix(1).uppercased() + lower.dropFirst())
            }
        }
        return out.joined(separator: " ")
    }
}
