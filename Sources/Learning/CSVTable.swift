import Foundation

/// A numeric CSV table with a header row; an empty field (or NA/NaN) is a missing value.
public struct CSVTable: Sendable {
    public let header: [String]
    /// One array per column.
    public let columns: [[Double]]

    public var rowCount: Int { columns.first?.count ?? 0 }

    public init(header: [String], columns: [[Double]]) {
        self.header = header
        self.columns = columns
    }

    /// Parses CSV text; a non-numeric cell is an error naming its line and column.
    public init(text: String) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let first = lines.first else { throw LearningError.invalidCSV(line: 1, reason: "the file is empty (a header row is needed)") }
        let header = CSVTable.fields(first).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        var columns = [[Double]](repeating: [], count: header.count)
        for c in columns.indices { columns[c].reserveCapacity(lines.count - 1) }
        for (i, line) in lines.enumerated().dropFirst() {
            let cells = CSVTable.fields(line)
            guard cells.count == header.count else {
                throw LearningError.invalidCSV(line: i + 1, reason: "\(cells.count) fields, the header has \(header.count)")
            }
            for (c, cell) in cells.enumerated() {
                let t = cell.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                if t.isEmpty || t == "NA" || t == "NaN" || t == "nan" || t == "null" {
                    columns[c].append(.nan)
                } else if let v = Double(t) {
                    columns[c].append(v)
                } else {
                    throw LearningError.invalidCSV(line: i + 1, reason: "column '\(header[c])' has non-numeric value '\(t)'")
                }
            }
        }
        self.header = header
        self.columns = columns
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LearningError.invalidCSV(line: 0, reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(text: String(decoding: data, as: UTF8.self))
    }

    private static func fields(_ line: Substring) -> [Substring] { line.split(separator: ",", omittingEmptySubsequences: false) }

    /// The column called `name`.
    public func column(_ name: String) throws -> [Double] {
        guard let i = header.firstIndex(of: name) else { throw LearningError.missingColumn(name: name, available: header) }
        return columns[i]
    }

    /// CSV text; NaN is written as an empty field, numbers in shortest round-trip form.
    public func text() -> String {
        var out = header.joined(separator: ",") + "\n"
        for r in 0..<rowCount {
            out += columns.map { $0[r].isNaN ? "" : "\($0[r])" }.joined(separator: ",")
            out += "\n"
        }
        return out
    }
}
