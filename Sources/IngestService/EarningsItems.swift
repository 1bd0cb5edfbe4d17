import FilingParser
import Foundation

/// Which 8-K items make a filing an earnings release (`INGEST_ITEMS`, default `2.02,12`).
///
/// A filing that says which items it reports is kept only when one of them is an earnings item;
/// a filing that lists no items (bare exhibits, old covers) is kept. Legacy Item 9 (Regulation FD)
/// counts too for filings before 2004-08-23 whose text says it furnishes "Item 12" information:
/// SEC Release 33-8216 let companies furnish earnings under Item 9 in 2003.
public struct EarningsItems: Sendable, Equatable {
    public var items: Set<String>

    public static let `default` = EarningsItems(items: ["2.02", "12"])

    public init(items: Set<String>) { self.items = items }

    /// `2.02, 12` → {"2.02", "12"}; nil for an empty or invalid list.
    public init?(list: String) {
        let parsed = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0.allSatisfy { $0.isNumber || $0 == "." } }) else { return nil }
        items = Set(parsed)
    }

    /// Nil when `header` (and `text`) qualify; else why not.
    public func rejection(_ header: FilingHeader, text: String) -> String? {
        guard !header.items.isEmpty else { return nil }
        if header.items.contains(where: items.contains) { return nil }
        if items.contains("12"), header.items.contains("9"), (header.filedDate ?? "0000") < "2004-08-23",
           text.utf8.count > 0, Self.mentionsItem12(text) {
            return nil
        }
        return "it reports item\(header.items.count == 1 ? "" : "s") \(header.items.joined(separator: ", ")), none of the earnings items \(items.sorted().joined(separator: ", ")) (INGEST_ITEMS)"
    }

    static func mentionsItem12(_ text: String) -> Bool {
        let head = String(decoding: text.utf8.prefix(200_000), as: UTF8.self)
        return head.range(of: "item 12", options: .caseInsensitive) != nil
            || head.range(of: "results of operations and financial condition", options: .caseInsensitive) != nil
    }
}
