import ArgumentParser
import FilingParser
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare parses of every filing in DIR with its *.truth.json; print per-field accuracy and each miss.")

    @Argument(help: "Directory with *.txt filings and their *.truth.json files.") var directory: String
    @Flag(help: "Exit non-zero unless every field of the text filings matches.") var requireAll = false
    @Flag(help: "Also require 100% on HTML filings.") var includeHTML = false

    func run() throws {
        let report = try TruthEvaluation.evaluate(directory: directory)
        print(report.text())
        guard requireAll else { return }
        let text = report.score(html: false)
        let html = report.score(html: true)
        if text.matched < text.total || (includeHTML && html.matched < html.total) {
            throw ExitCode(1)
        }
    }
}
