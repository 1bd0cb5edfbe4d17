/// The parser's version, carried by every `filings.parsed` event (`parser_version`).
///
/// Raise it whenever a change can alter what the parser extracts from some filing: metrics replaces
/// a filing's facts with those of a parse by a newer version (and ignores an older one), and
/// `filings replay` re-parses history with it. Dotted numbers, compared number by number.
public enum ParserVersion {
    public static let current = "1.0.0"

    /// True when `a` is an older version than `b`: dotted components compared as numbers (text
    /// when not numbers), a missing component counting as 0; a missing version (events written
    /// before versions existed) is older than any.
    public static func isOlder(_ a: String?, than b: String?) -> Bool {
        guard let b else { return false }
        guard let a else { return true }
        let left = a.split(separator: "."), right = b.split(separator: ".")
        for i in 0..<max(left.count, right.count) {
            let x = i < left.count ? left[i] : "0", y = i < right.count ? right[i] : "0"
            if let m = Int(x), let n = Int(y) {
                if m != n { return m < n }
            } else if x != y {
                return x < y
            }
        }
        return false
    }
}
