import ArgumentParser
import FilingParser
import Foundation

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Parse every filing (for a backfill) and say, filing by filing, which key figures were found.",
        discussion: """
            One line per filing: file, company, current quarter end, which of revenue, net income, EPS \
            and total assets were found for the current and the prior-year quarter, failed checks and \
            warnings; then one line per cross-filing conflict (one company, concept and period with \
            different values in two filings, neither labelled restated), and last: \
            `survey: N filings, C complete (P%), F failed checks, K cross-filing conflicts`.
            """)

    @Argument(help: "Filing files or folders (read recursively for *.txt, *.htm, *.html).") var paths: [String]
    @Option(help: "Output format: text, or json (one JSON object per line).") var format = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unsupported format \(format) (text or json)") }
    }

    func run() throws {
        let files = try filingFiles(paths)
        guard !files.isEmpty else { throw ValidationError("no filing files found in \(paths.joined(separator: " "))") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func emit<T: Encodable>(_ kind: String, _ value: T, _ line: String) throws {
            guard format == "json" else { return print(line) }
            let object = String(decoding: try encoder.encode(value), as: UTF8.self)
            print("{\"record\":\"\(kind)\"," + object.dropFirst())
        }
        var entries: [Survey.Entry] = []
        for file in files {
            let data = try readFiling(file)
            let entry = Survey.entry(file: file, parsed: FilingParser.parse(FilingText.decode(data)))
            try emit("filing", entry, entry.line)
            entries.append(entry)
        }
        let summary = Survey.summary(entries)
        for conflict in summary.conflicts { try emit("conflict", conflict, conflict.line) }
        try emit("summary", summary, summary.line)
    }
}
