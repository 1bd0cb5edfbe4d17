// The table model both formats are read into: a grid of cells, each with its text, its row and the
// columns it spans. HTML tables are read into it from their markup (`HTMLTable`), plain-text
// tables from the positions of their words (`TableFinder`), where a cell also keeps its
// horizontal extent on the line, so a heading centred over two columns spans both.

/// One cell: its text (whitespace collapsed), its row and the columns `columns` it covers.
struct GridCell: Equatable {
    var text: String
    var row: Int
    var columns: Range<Int>
    /// Text tables: the characters the text covers on its line.
    var extent: Range<Int>?
    /// A label's indentation in characters (leading spaces in text; non-breaking spaces and left
    /// padding in HTML).
    var indent = 0

    init(_ text: String, row: Int, columns: Range<Int>, extent: Range<Int>? = nil, indent: Int = 0) {
        self.text = text
        self.row = row
        self.columns = columns
        self.extent = extent
        self.indent = indent
    }
}

/// Non-empty cells, top-down and left to right.
struct TableGrid: Equatable {
    var cells: [GridCell] = []
    var rowCount = 0
    var columnCount = 0

    init(cells: [GridCell] = [], rowCount: Int? = nil, columnCount: Int? = nil) {
        // Sorted by place; cells at the same place keep their order.
        self.cells = cells.enumerated().sorted { ($0.element.row, $0.element.columns.lowerBound, $0.offset) < ($1.element.row, $1.element.columns.lowerBound, $1.offset) }
            .map(\.element)
        self.rowCount = rowCount ?? (cells.map(\.row).max().map { $0 + 1 } ?? 0)
        self.columnCount = columnCount ?? (cells.map(\.columns.upperBound).max() ?? 0)
    }

    /// The cells of row `r`, left to right.
    func row(_ r: Int) -> [GridCell] { cells.filter { $0.row == r } }

    /// The cells that cover column `c`, top-down.
    func cells(covering c: Int) -> [GridCell] { cells.filter { $0.columns.contains(c) } }

    /// The text of the cell that starts at row `r`, column `c`, if any (for tests and tools).
    func text(_ r: Int, _ c: Int) -> String? { cells.first { $0.row == r && $0.columns.lowerBound == c }?.text }
}
