import FilingEvents

/// The text and document list a `filings.ingested` event carries for one filing.
struct EventDocument: Sendable {
    var text: String
    var documents: [FilingDocument]?
    var stylesCompacted: Bool

    /// A bare document as is; a complete submission without its omitted (binary, XBRL, data)
    /// documents, every kept document byte for byte. `compactStyles` removes presentational inline
    /// CSS from HTML documents (see `HTMLStyleCompactor`).
    static func build(_ filing: ValidatedFiling, compactStyles: Bool = false) -> EventDocument {
        let split = filing.split
        guard split.format == .submission, let first = split.documents.first else {
            let compact = compactStyles && filing.contentType == "text/html"
            return EventDocument(text: compact ? HTMLStyleCompactor.compact(filing.text) : filing.text,
                                 documents: nil, stylesCompacted: compact)
        }
        if !compactStyles, filing.isUTF8, split.documents.allSatisfy({ $0.omitted == nil }) {
            return whole(filing)
        }
        return pieces(filing, first: first, compactStyles: compactStyles)
    }

    /// A submission built piece by piece: the text before, between and after the documents and
    /// each kept document's text, decoded (and compacted) one at a time.
    static func pieces(_ filing: ValidatedFiling, first: SplitDocument, compactStyles: Bool) -> EventDocument {
        let split = filing.split
        let bytes = filing.bytes
        let utf8 = filing.isUTF8
        var text = ""
        text.reserveCapacity(bytes.count)
        var compacted = false
        func add(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            text += FilingValidator.decode(bytes[range], utf8: utf8)
        }
        add(0..<first.blockRange.lowerBound)
        var documents: [FilingDocument] = []
        var previousEnd = first.blockRange.lowerBound
        for document in split.documents {
            add(previousEnd..<document.blockRange.lowerBound)
            previousEnd = document.blockRange.upperBound
            var entry = FilingDocument(type: document.type, sequence: document.sequence, filename: document.filename,
                                       description: document.description, sizeBytes: document.sizeBytes,
                                       omitted: document.omitted, textOffset: nil, textLength: nil)
            if document.omitted == nil {
                add(document.blockRange.lowerBound..<document.textRange.lowerBound)
                let start = text.utf8.count
                var body = FilingValidator.decode(bytes[document.textRange], utf8: utf8)
                if compactStyles && isHTML(document, body) {
                    body = HTMLStyleCompactor.compact(body)
                    compacted = true
                }
                text += body
                entry.textOffset = start
                entry.textLength = text.utf8.count - start
                add(document.textRange.upperBound..<document.blockRange.upperBound)
            }
            documents.append(entry)
        }
        add(previousEnd..<bytes.count)
        return EventDocument(text: text, documents: documents, stylesCompacted: compacted)
    }

    /// A UTF-8 submission that keeps every document: the text is the filing's as decoded (no
    /// copy), and each document's text sits where it was received. What the piece-by-piece build
    /// gives for it (`EventDocumentTests`), without decoding and appending every piece again.
    private static func whole(_ filing: ValidatedFiling) -> EventDocument {
        let documents = filing.split.documents.map { document in
            FilingDocument(type: document.type, sequence: document.sequence, filename: document.filename,
                           description: document.description, sizeBytes: document.sizeBytes, omitted: nil,
                           textOffset: document.textRange.lowerBound, textLength: document.textRange.count)
        }
        return EventDocument(text: filing.text, documents: documents, stylesCompacted: false)
    }

    private static func isHTML(_ document: SplitDocument, _ body: String) -> Bool {
        if let name = document.filename?.lowercased(), name.hasSuffix(".htm") || name.hasSuffix(".html") { return true }
        let head = body.utf8.prefix(4096)
        return String(decoding: head, as: UTF8.self).range(of: "<html", options: .caseInsensitive) != nil
    }
}

import Foundation
