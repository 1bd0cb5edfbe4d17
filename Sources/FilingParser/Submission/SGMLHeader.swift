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
        // The filer block being read (kept apart from its "is open" flag so that filling it in
        // does not copy an optional struct on every line).
        var current = SGMLFiler()
        var inFiler = false
        // The open "KEY:" heading without a value (e.g. BUSINESS ADDRESS); nil for other headings.
        var subsection: Field?
        // Lines found by memchr; blank ones hold no key.
        for rawLine in DocumentLines(text, limit: .max) where !rawLine.isEmpty {
            guard let entry = SGMLHeader.keyValue(rawLine) else { continue }
            let key = entry.field
            let value = entry.value
            if value.isEmpty {
                switch key {
                case .filer, .subjectCompany, .otherParty:
                    if inFiler { filers.append(current) }
                    current = SGMLFiler()
                    inFiler = key == .filer || key == .subjectCompany
                    subsection = nil
                default:
                    subsection = key
                }
                continue
            }
            switch key {
            case .accession: if accession == nil { accession = stringFrom(value) }
            case .submissionType: if submissionType == nil { submissionType = stringFrom(value) }
            case .periodOfReport: if periodOfReport == nil { periodOfReport = stringFrom(value) }
            case .filedAsOf: if filedAsOf == nil { filedAsOf = stringFrom(value) }
            case .itemInformation: itemInformation.append(stringFrom(value))
            default:
                guard inFiler else { continue }
                if subsection == .businessAddress {
                    current.businessAddress[entry.keyName] = stringFrom(value)
                    continue
                }
                if subsection == .mailAddress || subsection == .formerCompany { continue }
                switch key {
                case .companyName: current.name = stringFrom(value)
                case .cik: current.cik = stringFrom(value)
                case .irsNumber: current.irsNumber = stringFrom(value)
                case .stateOfIncorporation: current.stateOfIncorporation = stringFrom(value)
                case .fiscalYearEnd: current.fiscalYearEnd = stringFrom(value)
                case .formType: current.formType = stringFrom(value)
                case .fileNumber: current.fileNumber = stringFrom(value)
                default: break
                }
            }
        }
        if inFiler { filers.append(current) }
    }

    /// The keys the header is read by.
    enum Field {
        case filer, subjectCompany, otherParty
        case accession, submissionType, periodOfReport, filedAsOf, itemInformation
        case companyName, cik, irsNumber, stateOfIncorporation, fiscalYearEnd, formType, fileNumber
        case businessAddress, mailAddress, formerCompany
    }

    static let fields: [(name: String, field: Field)] = [
        ("FILER", .filer), ("SUBJECT COMPANY", .subjectCompany),
        ("FILED BY", .otherParty), ("REPORTING-OWNER", .otherParty), ("ISSUER", .otherParty), ("SERIAL COMPANY", .otherParty),
        ("ACCESSION NUMBER", .accession), ("CONFORMED SUBMISSION TYPE", .submissionType),
        ("CONFORMED PERIOD OF REPORT", .periodOfReport), ("FILED AS OF DATE", .filedAsOf), ("ITEM INFORMATION", .itemInformation),
        ("COMPANY CONFORMED NAME", .companyName), ("CENTRAL INDEX KEY", .cik), ("IRS NUMBER", .irsNumber),
        ("STATE OF INCORPORATION", .stateOfIncorporation), ("FISCAL YEAR END", .fiscalYearEnd), ("FORM TYPE", .formType),
        ("SEC FILE NUMBER", .fileNumber),
        ("BUSINESS ADDRESS", .businessAddress), ("MAIL ADDRESS", .mailAddress), ("FORMER COMPANY", .formerCompany),
    ]

    private static let fieldBytes: [(name: [UInt8], field: Field)] = fields.map { (Array($0.name.utf8), $0.field) }

    /// A "KEY: value" line: the key's field (nil for keys not read), the key and the value; nil for
    /// blank lines, tags and lines without a colon.
    static func keyValue(_ line: ArraySlice<UInt8>) -> Entry? {
        // Blank lines, tags and lines without a colon are such in bytes and in characters alike
        // (spaces, tabs, "<" and ":" are single bytes, never part of another character).
        let trimmed = HeaderBytes.trimmed(line)
        guard let first = trimmed.first, first != ASCII.lt, let colon = trimmed.firstIndex(of: ASCII.colon) else { return nil }
        guard line.withUnsafeBufferPointer(isASCII) else { return keyValueOfText(stringFrom(line)) }
        // ASCII: bytes are characters, and upper-casing is byte by byte.
        let key = HeaderBytes.trimmed(trimmed[..<colon])
        let field = fieldBytes.first(where: { HeaderBytes.equalsIgnoringCase(key, upperCase: $0.name) })?.field
        return Entry(field: field, key: key, value: HeaderBytes.trimmed(trimmed[(colon + 1)...]))
    }

    /// `keyValue` for a line with non-ASCII characters, read as a string.
    private static func keyValueOfText(_ line: String) -> Entry? {
        let trimmed = line.trimmingSpaces
        if trimmed.isEmpty || trimmed.hasPrefix("<") { return nil }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let key = trimmed[..<colon].trimmingSpaces.uppercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingSpaces
        return Entry(field: fields.first(where: { $0.name == key })?.field, key: Array(key.utf8)[...], value: Array(value.utf8)[...])
    }

    struct Entry {
        var field: Field?
        /// The key as written (ASCII) or already upper-cased (other keys).
        var key: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>

        /// The key in upper case, as the business address is keyed.
        var keyName: String { stringFrom(key.map { ASCII.isLower($0) ? $0 - 32 : $0 }) }
    }
}

extension SGMLFiler {
    /// CIK without leading zeros.
    var cikNumber: String? {
        guard let c = cik.map(HeaderBytes.numbers), !c.isEmpty else { return nil }
        let stripped = c.drop(while: { $0 == "0" })
        return stripped.isEmpty ? "0" : String(stripped)
    }

    /// IRS number formatted "NN-NNNNNNN" when it has nine digits.
    var formattedIRS: String? {
        guard let n = irsNumber.map(HeaderBytes.numbers), !n.isEmpty, n.count == 9, n != "000000000" else { return nil }
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
        if let ascii = CoverPage.asciiBytes(name) { return stringFrom(titleCased(ascii: ascii)) }
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

    private static let smallWordSet = WordSet(smallWords)
    private static let keptShortWords = WordSet(["INC", "CO", "AND", "OF", "THE", "FOR", "NEW"])

    /// `titleCased` for a printable-ASCII name, byte by byte (the same rules; here each byte is a
    /// character and the letters are A-Z and a-z).
    private static func titleCased(ascii name: [UInt8]) -> [UInt8] {
        guard name.contains(where: ASCII.isLetter), !name.contains(where: ASCII.isLower) else { return name }
        var out: [UInt8] = []
        out.reserveCapacity(name.count)
        for (i, word) in name.split(separator: ASCII.space).enumerated() {
            if i > 0 { out.append(ASCII.space) }
            var letters = 0
            var periods = 0
            for b in word {
                if ASCII.isLetter(b) { letters += 1 } else if b == ASCII.period { periods += 1 }
            }
            // Keep initialisms such as "N.V." or "USA". (The name has no lower-case letters, and
            // the word sets match ignoring case.)
            if periods >= 2 || (letters <= 3 && word.last != ASCII.period && !keptShortWords.contains(word.filter(ASCII.isLetter))) {
                out += word
                continue
            }
            if i > 0 && smallWordSet.contains(word) {
                out += word.lazy.map(ASCII.lower)
            } else {
                out.append(word[word.startIndex])
                out += word.dropFirst().lazy.map(ASCII.lower)
            }
        }
        return out
    }
}
