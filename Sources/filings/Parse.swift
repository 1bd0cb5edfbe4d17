import ArgumentParser
import FilingsCore
import FilingParser
import Foundation

struct Parse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse a filing offline: a readable report (header, statements, guidance, failed checks, warnings), or JSON.")

    @Argument(help: "A filing: EDGAR complete submission (.txt) or a bare document.") var file: String
    @Option(help: "Output format: text (a readable report), json (everything the parser found), documents (the documents as the parser reads them, HTML tables rendered as text), or tables (each table as the statement builder gets it: context, heading cells with the columns they span, rows).")
    var format = "text"

    func validate() throws {
        guard ["text", "json", "documents", "tables"].contains(format) else {
            throw ValidationError("unsupported format \(format) (text, json, documents or tables)")
        }
    }

    func run() async throws {
        let data = try readFiling(file)
        guard !data.isEmpty else { throw CLIError("\(file) is empty") }
        let text = FilingText.decode(data)
        if format == "documents" {
            for (n, document) in FilingParser.readableTexts(text).enumerated() { print("=== readable document \(n + 1)\n\(document)") }
            return
        }
        if format == "tables" { return print(FilingParser.describeTables(text)) }
        let parsed = FilingParser.parse(text)
        guard format == "json" else { return print(ParseReport.text(parsed, file: file)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(parsed), as: UTF8.self))
    }
}
