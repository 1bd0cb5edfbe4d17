import FilingsCore
import FilingParser

/// Why a submitted filing was not accepted. Each case maps to one HTTP status.
public struct IngestRejection: Error, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        /// Empty or unreadable input (HTTP 400).
        case unreadable
        /// Larger than `INGEST_MAX_FILING_BYTES` (HTTP 413).
        case tooLarge = "too_large"
        /// Binary or a media type we do not take (HTTP 415).
        case unsupportedContent = "unsupported_content"
        /// Readable, but not a filing we accept (HTTP 422).
        case notAcceptedFiling = "not_accepted_filing"
    }

    public let kind: Kind
    public let reason: String
    /// Short label for the skip counter's `reason` dimension: `empty`, `no_text`, `too_large`,
    /// `event_too_large`, `binary`, `media_type`, `not_a_filing`, `form`, `items`, `truncated`, `no_company`.
    public let code: String

    public init(_ kind: Kind, _ reason: String, code: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.code = code ?? kind.rawValue
    }

    /// A filing we recognise but do not want (another form, not an earnings item), as opposed to
    /// broken input.
    public var isPolicySkip: Bool { code == "form" || code == "items" }

    public var description: String { "\(kind.rawValue): \(reason)" }
}

/// A filing that passed validation, decoded and with its header.
public struct ValidatedFiling: Sendable {
    public var text: String
    public var header: FilingHeader
    public var contentType: String
    public var sha256: String
    public var sizeBytes: Int
    /// The bytes as received.
    public var bytes: [UInt8]
    /// True when `bytes` are valid UTF-8 (else they were read as Windows-1252).
    public var isUTF8: Bool
    /// The submission's documents (empty for a bare document).
    public var split: SplitSubmission
    public var format: FilingFormat { split.format }
}

/// Checks that bytes are a filing we accept; shared by every ingest source and `filings publish`.
public struct FilingValidator: Sendable {
    public var maxBytes: Int
    /// Accepted form types (upper case), e.g. `8-K`, `8-K/A`.
    public var forms: Set<String>
    /// Earnings items a filing must report when it lists its items (`INGEST_ITEMS`).
    public var items: EarningsItems

    public static let defaultMaxBytes = 5 * 1024 * 1024
    public static let defaultForms: Set<String> = ["8-K", "8-K/A"]
    static let acceptedMediaTypes: Set<String> = ["text/plain", "text/html", "application/octet-stream", "application/xhtml+xml"]

    public init(maxBytes: Int = FilingValidator.defaultMaxBytes, forms: Set<String> = FilingValidator.defaultForms,
                items: EarningsItems = .default) {
        self.maxBytes = maxBytes
        self.forms = forms
        self.items = items
    }

    public func validate(_ bytes: [UInt8], declaredContentType: String? = nil) throws(IngestRejection) -> ValidatedFiling {
        if let declared = declaredContentType?.split(separator: ";").first?.trimmed.lowercased(), !declared.isEmpty,
           !Self.acceptedMediaTypes.contains(declared) {
            throw IngestRejection(.unsupportedContent, "content type \(declared) is not accepted (send text/plain or text/html)", code: "media_type")
        }
        guard !bytes.isEmpty else { throw IngestRejection(.unreadable, "the filing is empty", code: "empty") }
        guard bytes.count <= maxBytes else {
            throw IngestRejection(.tooLarge, "the filing has \(bytes.count) bytes; the limit is \(maxBytes) (INGEST_MAX_FILING_BYTES)", code: "too_large")
        }
        if Self.looksBinary(bytes) {
            throw IngestRejection(.unsupportedContent, "the content is binary, not a text or HTML filing", code: "binary")
        }
        // One pass validates and copies: the text is the bytes when they are UTF-8.
        let utf8 = String(validating: bytes, as: UTF8.self)
        let isUTF8 = utf8 != nil
        let text = utf8 ?? Self.decode(bytes[...], utf8: false)
        guard text.contains(where: { !$0.isWhitespace }) else { throw IngestRejection(.unreadable, "the filing has no text", code: "no_text") }
        let header = FilingParser.parseHeader(text)
        guard let form = header.form?.uppercased() else {
            throw IngestRejection(.notAcceptedFiling, "no SEC header and no Form 8-K cover page found: not an EDGAR filing",
                                  code: "not_a_filing")
        }
        guard forms.contains(form) else {
            throw IngestRejection(.notAcceptedFiling, "form \(form) is not accepted (accepted: \(forms.sorted().joined(separator: ", ")); INGEST_FORMS)",
                                  code: "form")
        }
        if let why = items.rejection(header, text: text) {
            throw IngestRejection(.notAcceptedFiling, "not an earnings release: \(why)", code: "items")
        }
        let isHTML = Self.looksHTML(text)
        let split = SubmissionSplitter.split(bytes, isHTML: isHTML)
        if let truncation = split.truncation {
            throw IngestRejection(.notAcceptedFiling, truncation, code: "truncated")
        }
        return ValidatedFiling(text: text, header: header, contentType: isHTML ? "text/html" : "text/plain",
                               sha256: sha256Hex(bytes), sizeBytes: bytes.count, bytes: bytes, isUTF8: isUTF8, split: split)
    }

    /// `<html` in the first 4096 bytes, or `<table` there in a text without `<TYPE>` (a bare
    /// HTML document); ASCII case ignored for the tags. Searched in the UTF-8 bytes (Foundation's
    /// `range(of:)` bridged the whole text for `<TYPE>` on every filing).
    static func looksHTML(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            // Bytes, not characters: counting 4096 characters walked their grapheme breaks.
            let head = UnsafeBufferPointer(rebasing: utf8[..<min(utf8.count, 4096)])
            return head.firstIndex(ofLowercased: Array("<html".utf8)) != nil
                || head.firstIndex(ofLowercased: Array("<table".utf8)) != nil && utf8.firstIndex(of: Array("<TYPE>".utf8)) == nil
        }
    }

    /// NUL bytes or a high share of control characters in the first 8 KiB.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        var control = 0
        for byte in sample where byte < 0x20 {
            if byte == 0 { return true }
            if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
        }
        return control * 10 > sample.count
    }

    /// UTF-8 when valid, else Windows-1252 (see `FilingText`).
    static func decode(_ bytes: [UInt8]) -> String { FilingText.decode(bytes) }

    static func decode(_ bytes: ArraySlice<UInt8>, utf8: Bool) -> String { FilingText.decode(bytes, utf8: utf8) }
}

extension Substring {
    var trimmed: Substring {
        var s = self
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return s
    }
}

