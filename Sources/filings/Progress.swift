#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Progress of a command over many files: on a terminal, one bar redrawn in place with the counts
/// (problems printed above it); otherwise plain lines, one per file.
final class Progress {
    let total: Int
    let isTerminal = isatty(STDOUT_FILENO) == 1
    private var drawn = false

    init(total: Int) { self.total = total }

    /// A line worth keeping (a refused file): always printed, on stderr.
    func note(_ line: String) {
        clear()
        printError("error: " + line)
    }

    /// A line per file for logs; on a terminal the bar says it instead.
    func detail(_ line: String) {
        if !isTerminal { print(line) }
    }

    func update(published: Int, refused: Int) {
        guard isTerminal else { return }
        print("\r" + Progress.bar(done: published + refused, total: total, width: 30)
              + " \(published + refused)/\(total)  \(published) published, \(refused) refused", terminator: "")
        fflush(nil)
        drawn = true
    }

    func finish() {
        if drawn { print("") }
        drawn = false
    }

    private func clear() {
        guard drawn else { return }
        print("\r\u{1B}[2K", terminator: "")
        fflush(nil)
        drawn = false
    }

    static func bar(done: Int, total: Int, width: Int) -> String {
        let filled = total == 0 ? width : min(width, done * width / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
