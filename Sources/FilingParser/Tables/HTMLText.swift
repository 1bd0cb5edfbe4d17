// Renders an HTML document as plain text so that the plain-text table and prose logic can read
// it: block elements become line breaks, entities are decoded, and every <table> is laid out as
// fixed-width columns (colspans honoured; "$", "(" and ")" / "%" cells glued to their numbers;
// empty spacer columns dropped). Inline tags (<font>, <b>, <ix:nonFraction>, ...) are removed.

enum HTMLText {
    /// Renders `html`; never traps, linear in the input size.
    static func render(_ html: ArraySlice<UInt8>) -> [UInt8] {
        var r = Renderer(html)
        r.run()
        return r.out
    }

    /// True for documents worth rendering: HTML with at least one table.
    static func isHTMLWithTables(_ doc: SubmissionDocument) -> Bool {
        if let t = doc.type?.uppercased(), t.hasPrefix("EX-101") || ["GRAPHIC", "ZIP", "EXCEL", "PDF", "XML", "JSON"].contains(t) { return false }
        if let f = doc.filename?.lowercased(), !(f.hasSuffix(".htm") || f.hasSuffix(".html") || f.hasSuffix(".txt")) { return false }
        let head = Array(doc.text.prefix(4096))
        if head.find(Array("begin 6".utf8)) != nil { return false }
        return doc.text.findCaseInsensitive(Array("<table".utf8)) != nil
    }

    struct Cell {
        var text: [UInt8] = []
        var span = 1
        var rowSpan = 1
        /// Leading non-breaking spaces and left padding, in characters (a label's indentation).
        var indent = 0
    }

    /// Renders `html` with its tables left out, and reads each table into a grid: the text, and
    /// the grids with the offset in the text where each stood.
    static func renderWithGrids(_ html: ArraySlice<UInt8>) -> (text: [UInt8], tables: [(offset: Int, grid: TableGrid)]) {
        var r = Renderer(html)
        r.readsGrids = true
        r.run()
        return (r.out, r.grids)
    }

    struct Renderer {
        let b: ArraySlice<UInt8>
        var i: Int
        var out: [UInt8] = []
        var pendingSpace = false
        // Table state (tables nested in a cell are flattened into the cell).
        var tableDepth = 0
        var rows: [[Cell]] = []
        var row: [Cell] = []
        var cell: Cell?
        /// Inside the <caption> of the table being read: its text is a line printed above the table.
        var inCaption = false
        /// Tables are read into grids (`grids`) instead of being laid out as text.
        var readsGrids = false
        var grids: [(offset: Int, grid: TableGrid)] = []

        init(_ b: ArraySlice<UInt8>) {
            self.b = b
            self.i = b.startIndex
            out.reserveCapacity(b.count / 4)
        }

        mutating func emit(_ c: UInt8) {
            if tableDepth > 0 && !inCaption {
                if cell == nil { return }  // text between cells
                if c == 32 {
                    if !(cell!.text.isEmpty || cell!.text.last == 32) { cell!.text.append(32) }
                } else {
                    cell!.text.append(c)
                }
                return
            }
            if c == 32 {
                if !(out.isEmpty || out.last == 32 || out.last == 10) { out.append(32) }
            } else {
                out.append(c)
            }
        }

        mutating func newline() {
            if tableDepth > 0 && !inCaption {
                emit(32)
                return
            }
            while out.last == 32 { out.removeLast() }
            // At most one blank line in a row.
            if out.count >= 2 && out[out.count - 1] == 10 && out[out.count - 2] == 10 { return }
            out.append(10)
        }

        mutating func run() {
            while i < b.endIndex {
                let c = b[i]
                if c == UInt8(ascii: "<") {
                    tag()
                } else if c == UInt8(ascii: "&") {
                    entity()
                } else {
                    if c == 10 || c == 13 || c == 9 || c == 32 {
                        emit(32)
                    } else {
                        emit(c)
                    }
                    i += 1
                }
            }
            if tableDepth > 0 { flushTable() }
        }

        /// Lower-cased tag name at i (after "<" and an optional "/").
        mutating func tag() {
            let start = i
            var j = i + 1
            if j < b.endIndex, b[j] == UInt8(ascii: "!") {
                // Comment or doctype.
                if j + 2 < b.endIndex, b[j + 1] == 45, b[j + 2] == 45 {
                    if let e = find(Array("-->".utf8), from: j) { i = e + 3 } else { i = b.endIndex }
                } else {
                    i = skipTo(62, from: j) + 1
                }
                return
            }
            var closing = false
            if j < b.endIndex, b[j] == UInt8(ascii: "/") { closing = true; j += 1 }
            let nameStart = j
            while j < b.endIndex, isNameChar(b[j]) { j += 1 }
            if j == nameStart {
                // A lone "<": text.
                emit(b[start])
                i = start + 1
                return
            }
            var name: [UInt8] = b[nameStart..<j].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            if name.count > 12 { name = Array(name.prefix(12)) }
            let attrStart = j
            let end = skipTo(62, from: j)
            i = min(b.endIndex, end + 1)
            let n = String(decoding: name, as: UTF8.self)
            switch n {
            case "script", "style", "ix:header", "head", "title":
                if !closing {
                    // Skip the content up to the closing tag.
                    if let e = findCaseInsensitive(Array("</\(n)".utf8), from: i) {
                        i = min(b.endIndex, skipTo(62, from: e) + 1)
                    } else {
                        i = b.endIndex
                    }
                }
            case "table":
                if closing {
                    if tableDepth == 1 { flushTable() } else if tableDepth > 1 { tableDepth -= 1 }
                } else {
                    if tableDepth == 0 {
                        newline()
                        rows = []
                        row = []
                        cell = nil
                    }
                    tableDepth += 1
                }
            case "caption":
                if tableDepth == 1 && cell == nil {
                    inCaption = !closing
                    newline()
                }
            case "tr":
                inCaption = false
                if tableDepth == 1 {
                    endCell()
                    if !row.isEmpty { rows.append(row) }
                    row = []
                } else {
                    newline()
                }
            case "td", "th":
                if tableDepth == 1 {
                    endCell()
                    if !closing {
                        var c = Cell()
                        let attrs = b[attrStart..<min(end, b.endIndex)]
                        c.span = colspan(attrs)
                        c.rowSpan = HTMLTable.number(after: "rowspan", in: attrs).map { max(1, min($0, 64)) } ?? 1
                        c.indent = HTMLTable.padding(attrs)
                        cell = c
                    }
                } else {
                    emit(32)
                }
            case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr", "center", "pre", "blockquote", "dd", "dt":
                // A paragraph's left padding inside a cell indents the cell's text.
                if tableDepth == 1, !closing, var open = cell, open.text.allSatisfy({ $0 == 32 }) {
                    open.indent += HTMLTable.padding(b[attrStart..<min(end, b.endIndex)])
                    cell = open
                }
                newline()
            default:
                break
            }
        }

        mutating func endCell() {
            if let c = cell {
                var t = c.text
                while t.last == 32 { t.removeLast() }
                var done = c
                done.text = t
                row.append(done)
            }
            cell = nil
        }

        func colspan(_ attrs: ArraySlice<UInt8>) -> Int {
            guard let k = attrs.findCaseInsensitive(Array("colspan".utf8)) else { return 1 }
            var j = k + 7
            while j < attrs.endIndex, !isDigit(attrs[j]), j < k + 12 { j += 1 }
            var v = 0
            while j < attrs.endIndex, isDigit(attrs[j]), v < 1000 {
                v = v * 10 + Int(attrs[j] - 48)
                j += 1
            }
            return max(1, min(v, 64))
        }

        mutating func entity() {
            var j = i + 1
            while j < b.endIndex, j < i + 10, b[j] != UInt8(ascii: ";"), b[j] != 32, b[j] != 60 { j += 1 }
            guard j < b.endIndex, b[j] == UInt8(ascii: ";") else {
                emit(b[i])
                i += 1
                return
            }
            let name = String(decoding: b[(i + 1)..<j], as: UTF8.self).lowercased()
            i = j + 1
            var code: Int?
            if name.hasPrefix("#x") {
                code = Int(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                code = Int(name.dropFirst())
            } else {
                switch name {
                case "nbsp", "ensp", "emsp", "thinsp": code = 32
                case "amp": code = 38
                case "lt": code = 60
                case "gt": code = 62
                case "quot": code = 34
                case "apos", "rsquo", "lsquo": code = 39
                case "ldquo", "rdquo": code = 34
                case "mdash", "ndash": code = 0x2014
                default: code = nil
                }
            }
            guard var c = code, c >= 0 else { return }
            // Windows-1252 code points written as numeric references.
            switch c {
            case 145, 146: c = 39
            case 147, 148: c = 34
            case 150, 151, 0x2013: c = 0x2014
            case 160, 0x2002, 0x2003, 0x2009, 0x200B: c = 32
            case 0x2018, 0x2019: c = 39
            case 0x201C, 0x201D: c = 34
            default: break
            }
            if c == 32, tableDepth == 1, var open = cell, open.text.allSatisfy({ $0 == 32 }) {
                open.indent += 1
                cell = open
            }
            if c == 0x2014 {
                for x: UInt8 in [0xE2, 0x80, 0x94] { emit(x) }
            } else if c < 128 {
                emit(c == 10 || c == 13 || c == 9 ? 32 : UInt8(c))
            } else if let s = Unicode.Scalar(c) {
                for x in String(Character(s)).utf8 { emit(x) }
            }
        }

        // MARK: Tables

        mutating func flushTable() {
            endCell()
            if !row.isEmpty { rows.append(row) }
            row = []
            tableDepth = 0
            inCaption = false
            if readsGrids {
                newline()
                grids.append((out.count, HTMLTable.grid(rows)))
                rows = []
                return
            }
            let lines = HTMLText.layout(rows)
            rows = []
            newline()
            for l in lines {
                out.append(contentsOf: l)
                out.append(10)
            }
            out.append(10)
        }

        func skipTo(_ ch: UInt8, from: Int) -> Int {
            var j = from
            while j < b.endIndex, b[j] != ch { j += 1 }
            return j
        }

        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard from < b.endIndex else { return nil }
            return b[from...].find(needle)
        }

        func findCaseInsensitive(_ needle: [UInt8], from: Int) -> Int? {
            guard from < b.endIndex else { return nil }
            return b[from...].findCaseInsensitive(needle)
        }
    }

    @inline(__always) static func isNameChar(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 58 || c == 45 || c == 95
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Display width (UTF-8 scalars).
    static func width(_ t: [UInt8]) -> Int {
        var n = 0
        for c in t where c & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Lays out table rows as fixed-width text lines.
    static func layout(_ input: [[Cell]]) -> [[UInt8]] {
        guard !input.isEmpty, input.count < 5000 else { return [] }
        // Glue "$" / "(" to the next cell and ")" / "%" to the previous one.
        var rows: [[Cell]] = []
        for r in input {
            var row = r
            for k in row.indices {
                let t = row[k].text
                if t == [36] || t == [40] || t == [36, 40] || t == [40, 36] {
                    if let n = row[(k + 1)...].firstIndex(where: { !$0.text.isEmpty }), n - k <= 3 {
                        row[n].text = t + row[n].text
                        row[k].text = []
                    }
                } else if t == [41] || t == [37] || t == [41, 37] || t == [37, 41] {
                    if let p = row[..<k].lastIndex(where: { !$0.text.isEmpty }), k - p <= 3 {
                        row[p].text += t
                        row[k].text = []
                    }
                }
            }
            if row.contains(where: { !$0.text.isEmpty }) { rows.append(row) }
        }
        guard !rows.isEmpty else { return [] }
        let columns = min(256, rows.map { $0.reduce(0) { $0 + $1.span } }.max() ?? 0)
        guard columns > 0 else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        var placed: [[(col: Int, span: Int, text: [UInt8])]] = []
        for r in rows {
            var col = 0
            var cells: [(Int, Int, [UInt8])] = []
            for c in r {
                guard col < columns else { break }
                let span = min(c.span, columns - col)
                if !c.text.isEmpty {
                    cells.append((col, span, c.text))
                    if span == 1 { widths[col] = max(widths[col], width(c.text)) }
                }
                col += span
            }
            placed.append(cells)
        }
        // Percentage columns ("% of Revenues", "% Increase (Decrease)"): every number in the column
        // is a percentage. They carry no amounts, so they are left out of the text rendering.
        var percentCells = [Int](repeating: 0, count: columns)
        var otherCells = [Int](repeating: 0, count: columns)
        for cells in placed {
            for (col, span, text) in cells where span == 1 {
                // Header words ("(Decrease) in US $", "Constant Currency (1)") do not count.
                let hasLetters = text.contains { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
                if text.contains(37) {
                    percentCells[col] += 1
                } else if !hasLetters && text.contains(where: { $0 >= 48 && $0 <= 57 }) {
                    otherCells[col] += 1
                }
            }
        }
        var dropped = [Bool](repeating: false, count: columns)
        for c in 0..<columns where c > 0 && percentCells[c] >= 2 && otherCells[c] == 0 {
            widths[c] = 0
            dropped[c] = true
        }
        let gap = 3
        // Spanning cells: widen the last used column of their span when they do not fit.
        for cells in placed {
            for (col, span, text) in cells where span > 1 {
                let range = col..<(col + span)
                if range.allSatisfy({ dropped[$0] || widths[$0] == 0 }) && range.contains(where: { dropped[$0] }) { continue }
                let used = range.filter { widths[$0] > 0 }
                let available = used.reduce(0) { $0 + widths[$1] } + max(0, used.count - 1) * gap
                let need = width(text)
                if need > available {
                    let target = used.last ?? (col + span - 1)
                    widths[target] += need - available
                }
            }
        }
        var x = [Int](repeating: 0, count: columns + 1)
        var pos = 0
        for c in 0..<columns {
            x[c] = pos
            if widths[c] > 0 { pos += widths[c] + gap }
        }
        x[columns] = pos
        // Every row is padded out to its columns' positions, so one very wide cell above many short
        // rows would make the rendering quadratic (a 262 KB table rendered to 600 MB; see RobustnessTests).
        // Beyond a budget linear in the table's text and rows, rows are written unaligned instead.
        var textWidth = 0
        var paddedWidth = 0
        for cells in placed {
            for (_, _, text) in cells { textWidth += width(text) }
            if let (col, span, text) = cells.last { paddedWidth += x[min(col + span, columns)] + width(text) }
        }
        if paddedWidth > 64 * (textWidth + 8 * placed.count) + 65_536 {
            return placed.map { cells in
                var line: [UInt8] = []
                for (_, _, text) in cells {
                    if !line.isEmpty { line += [32, 32, 32] }
                    line += text
                }
                return line
            }
        }
        var lines: [[UInt8]] = []
        for cells in placed {
            var line = [UInt8](repeating: 32, count: 0)
            func put(_ text: [UInt8], at p: Int) {
                // Never overwrite: keep at least one space after what is there.
                var start = p
                if line.count > 0 && start < line.count + 1 && !(line.last == 32) { start = line.count + 1 }
                if start < line.count { start = line.count + (line.last == 32 ? 0 : 1) }
                while line.count < start { line.append(32) }
                line.append(contentsOf: text)
            }
            for (col, span, text) in cells {
                let used = (col..<(col + span)).filter { widths[$0] > 0 }
                guard let first = used.first, let last = used.last else { continue }
                let left = x[first]
                let right = x[last] + widths[last]
                let w = width(text)
                if col == 0 {
                    put(text, at: left)
                } else if used.count > 1 {
                    put(text, at: left + max(0, (right - left - w) / 2))
                } else {
                    put(text, at: max(left, right - w))
                }
            }
            while line.last == 32 { line.removeLast() }
            lines.append(line)
        }
        return lines
    }
}

extension FilingParser {
    /// The text rendering of every HTML document with tables (for inspection tools).
    public static func debugRender(_ text: String) -> String {
        let envelope = SubmissionEnvelope(text)
        var out = ""
        for doc in envelope.documents where doc.isMarkupOrBinary && HTMLText.isHTMLWithTables(doc) {
            out += "=== \(doc.type ?? "") \(doc.filename ?? "")\n" + String(decoding: HTMLText.render(doc.text), as: UTF8.self)
        }
        return out
    }
}
