import ArgumentParser
import FilingsCore
import FilingParser
import Foundation

struct Parse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse a filing offline and print the result as JSON.")

    @Argument(help: "A filing: EDGAR complete submission (.txt) or a bare document.") var file: String
    @Option(help: "Output format: json, or text (the documents as the parser reads them, HTML tables rendered as text).") var format = "json"

    func run() async throws {
        guard format == "json" || format == "text" else { throw ValidationError("unsupported format \(format) (json, text)") }
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard !data.isEmpty else { throw ValidationError("\(file) is empty") }
        let text = FilingText.decode(data)
        if format == "text" {
            for (n, document) in FilingParser.readableTexts(text).enumerated() { print("=== readable document \(n + 1)\n\(document)") }
            return
        }
        let parsed = FilingParser.parse(text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(parsed), as: UTF8.self))
    }
}
