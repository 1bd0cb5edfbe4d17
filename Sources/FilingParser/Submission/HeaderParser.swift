import Foundation

/// Builds a `FilingHeader` from the SGML header (when present) and the 8-K cover page.
enum HeaderParser {
    static func header(_ envelope: SubmissionEnvelope, mainLines: DocumentLines?) -> (FilingHeader, SGMLFiler?) {
        var h = FilingHeader()
        var chosen: SGMLFiler?
        let cover = mainLines.map { CoverPage(lines: $0) }
        let sgml = envelope.headerText.map { SGMLHeader($0) }

        if let s = sgml {
            h.accession = s.accession
            h.form = s.submissionType
            h.filedDate = s.filedAsOf.flatMap { SimpleDate(iso: $0)?.iso }
            h.periodOfReport = s.periodOfReport.flatMap { SimpleDate(iso: $0)?.iso }
            if let f = chooseFiler(s, envelope: envelope, mainLines: mainLines) {
                chosen = f
                h.company = f.name
                h.cik = f.cikNumber
                h.commissionFileNumber = f.fileNumber
                h.irsEIN = f.formattedIRS
                h.stateOfIncorporation = f.stateOfIncorporation
                if h.form == nil { h.form = f.formType }
            }
        }
        if let c = cover {
            if h.form == nil { h.form = c.form }
            if h.company == nil { h.company = c.company }
            h.reportDate = c.reportDate
            if h.commissionFileNumber == nil { h.commissionFileNumber = c.commissionFileNumber }
            if h.irsEIN == nil { h.irsEIN = c.irsEIN }
            if h.stateOfIncorporation == nil { h.stateOfIncorporation = c.stateOfIncorporation }
            h.items = c.items
        }
        if h.reportDate == nil { h.reportDate = h.periodOfReport }
        if h.items.isEmpty, let s = sgml {
            let legacy = (h.filedDate ?? "9999") < "2004-08-23"
            for info in s.itemInformation {
                if let n = itemNumber(info, legacy: legacy), !h.items.contains(n) { h.items.append(n) }
            }
        }
        if envelope.headerText != nil || envelope.documents.count > 1 {
            for d in envelope.documents {
                guard let t = d.type, t.uppercased().hasPrefix("EX-") else { continue }
                h.exhibits.append(Exhibit(type: t.uppercased(), description: d.description))
            }
        }
        if h.exhibits.isEmpty, let c = cover { h.exhibits = c.exhibits }
        return (h, chosen)
    }

    /// The filer a multi-filer submission is about: the one whose CIK is the accession number's
    /// filer-agent prefix, else the one whose name the main document mentions first, else the first.
    static func chooseFiler(_ s: SGMLHeader, envelope: SubmissionEnvelope, mainLines: DocumentLines?) -> SGMLFiler? {
        guard s.filers.count > 1 else { return s.filers.first }
        if let acc = s.accession, let prefix = Int(HeaderBytes.numbers(acc.prefix(10))) {
            if let f = s.filers.first(where: { $0.cikNumber.flatMap { Int($0) } == prefix }) { return f }
        }
        if let lines = mainLines {
            let text = lines.joined(first: 300).uppercased()
            var best: (SGMLFiler, String.Index)?
            for f in s.filers {
                let core = f.nameCore.joined(separator: " ")
                guard !core.isEmpty, let r = text.range(of: core) else { continue }
                if let b = best, b.1 <= r.lowerBound { continue }
                best = (f, r.lowerBound)
            }
            if let b = best { return b.0 }
        }
        return s.filers.first
    }

    /// Item number for an SGML "ITEM INFORMATION" description.
    static func itemNumber(_ description: String, legacy: Bool) -> String? {
        let d = description.lowercased()
        let table: [(String, String, String?)] = [
            ("entry into a material definitive", "1.01", nil),
            ("termination of a material definitive", "1.02", nil),
            ("bankruptcy or receivership", "1.03", "3"),
            ("mine safety", "1.04", nil),
            ("completion of acquisition", "2.01", "2"),
            ("acquisition or disposition", "2.01", "2"),
            ("results of operations and financial condition", "2.02", "12"),
            ("creation of a direct financial obligation", "2.03", nil),
            ("triggering events", "2.04", nil),
            ("costs associated with exit", "2.05", nil),
            ("material impairments", "2.06", nil),
            ("notice of delisting", "3.01", nil),
            ("unregistered sales of equity", "3.02", nil),
            ("material modification", "3.03", nil),
            ("certifying accountant", "4.01", "4"),
            ("non-reliance", "4.02", nil),
            ("changes in control", "5.01", "1"),
            ("departure of directors", "5.02", "6"),
            ("resignation", "5.02", "6"),
            ("amendments to articles", "5.03", nil),
            ("change in fiscal year", "5.03", "8"),
            ("temporary suspension", "5.04", "11"),
            ("code of ethics", "5.05", "10"),
            ("shell company", "5.06", nil),
            ("submission of matters to a vote", "5.07", nil),
            ("regulation fd", "7.01", "9"),
            ("other events", "8.01", "5"),
            ("financial statements and exhibits", "9.01", "7"),
        ]
        for (key, current, old) in table where d.contains(key) {
            return legacy ? (old ?? current) : current
        }
        return nil
    }
}

/// Byte helpers for the envelope, SEC header and cover page (general ones, candidates for Bytes.swift).
enum HeaderBytes {
    /// `bytes` without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes.startIndex
        var e = bytes.endIndex
        while s < e && (bytes[s] == ASCII.space || bytes[s] == ASCII.tab) { s += 1 }
        while e > s && (bytes[e - 1] == ASCII.space || bytes[e - 1] == ASCII.tab) { e -= 1 }
        return bytes[s..<e]
    }

    /// `s.filter(\.isNumber)`: byte by byte (the digits) when `s` is ASCII.
    static func numbers<S: StringProtocol>(_ s: S) -> String {
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else { return String(s.filter(\.isNumber)) }
        return stringFrom(s.utf8.filter(ASCII.isDigit))
    }

    /// True when `bytes` spell `upperCase` (ASCII, upper case) in any case.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, upperCase: [UInt8]) -> Bool {
        guard bytes.count == upperCase.count else { return false }
        var k = bytes.startIndex
        for u in upperCase {
            let b = bytes[k]
            if b != u && !(ASCII.isLower(b) && b - 32 == u) { return false }
            k += 1
        }
        return true
    }

    /// Offset (from `hay.startIndex`) of the first occurrence of `needle` in `hay`.
    static func offset(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        hay.find(needle).map { $0 - hay.startIndex }
    }

    /// Index of the first `needle` in `hay`, like `find`, but memchr jumps to each `needle[anchor]`
    /// rather than to each first byte: for a needle that starts with a common byte ("-----END ...",
    /// "exhibits") and has a rarer one.
    static func find(_ needle: [UInt8], anchor: Int, in hay: ArraySlice<UInt8>) -> Int? {
        guard anchor < needle.count else { return nil }
        return hay.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            let key = Int32(needle[anchor])
            // The anchor of a match at `i` is at `i + anchor`.
            var a = anchor
            let lastAnchor = p.count - needle.count + anchor
            while a <= lastAnchor, let hit = memchr(base + a, key, lastAnchor - a + 1) {
                a = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if p.hasPrefix(needle, at: a - anchor) { return hay.startIndex + a - anchor }
                a += 1
            }
            return nil
        }
    }

    /// `String.hasPrefix` for an ASCII `prefix` of UTF-8 `bytes`: the bytes match and the next byte
    /// does not extend the last character (only a non-ASCII one, such as a combining mark, can).
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.starts(with: prefix) else { return false }
        let next = bytes.startIndex + prefix.count
        return next == bytes.endIndex || bytes[next] < 0x80 || stringFrom(bytes).hasPrefix(stringFrom(prefix))
    }
}
