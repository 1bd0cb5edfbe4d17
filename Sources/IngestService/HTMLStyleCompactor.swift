/// Removes presentational inline CSS from HTML, keeping what a table reader uses.
///
/// Filings converted by some filing agents carry a long `style="..."` on every cell and
/// paragraph (font family, size, colour, margins, padding): in the 2022 Oracle press release that
/// is 1.5 MB of a 1.8 MB document. Used only when a filing would otherwise exceed the event size
/// limit. Kept: `text-align`, `vertical-align`, `padding-left`, `margin-left`, `text-indent`,
/// `border*`, `font-weight`, `display`, `visibility` (alignment, indentation, total rules, bold
/// headings, hidden content); dropped: every other declaration and zero / `normal` / `none` values.
enum HTMLStyleCompactor {
    static let kept: Set<String> = ["text-align", "vertical-align", "padding-left", "margin-left", "text-indent",
                                    "font-weight", "display", "visibility"]
    static let meaningless: Set<String> = ["0", "0pt", "0px", "0%", "0in", "0em", "normal", "none", "initial", "auto"]

    static func compact(_ html: String) -> String {
        var bytes = Array(html.utf8)
        bytes = compact(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func compact(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var i = 0
        let n = bytes.count
        while i < n {
            // ` style=` (case-insensitive) followed by a quote.
            if i + 8 < n, isSpace(bytes[i]), lower(bytes[i + 1]) == 0x73, lower(bytes[i + 2]) == 0x74, lower(bytes[i + 3]) == 0x79,
               lower(bytes[i + 4]) == 0x6C, lower(bytes[i + 5]) == 0x65, bytes[i + 6] == 0x3D,
               bytes[i + 7] == 0x22 || bytes[i + 7] == 0x27 {
                let quote = bytes[i + 7]
                var end = i + 8
                while end < n && bytes[end] != quote && bytes[end] != 0x3E { end += 1 }
                if end < n && bytes[end] == quote {
                    let declarations = filter(bytes[(i + 8)..<end])
                    if !declarations.isEmpty {
                        out.append(contentsOf: Array(" style=\"".utf8))
                        out.append(contentsOf: declarations)
                        out.append(0x22)
                    }
                    i = end + 1
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    private static func filter(_ style: ArraySlice<UInt8>) -> [UInt8] {
        var kept: [String] = []
        for declaration in String(decoding: style, as: UTF8.self).split(separator: ";") {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let property = declaration[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = declaration[declaration.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard Self.kept.contains(property) || property.hasPrefix("border") else { continue }
            if property != "display" && property != "visibility" && meaningless.contains(value.lowercased()) { continue }
            kept.append("\(property):\(value.replacingOccurrences(of: "\"", with: "'"))")
        }
        return Array(kept.joined(separator: ";").utf8)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
    /// `byte` with an ASCII upper-case letter made lower case.
    static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 32 : byte }
}
