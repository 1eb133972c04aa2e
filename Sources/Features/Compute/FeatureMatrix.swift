import AlertsCore

/// The training matrix of many symbols: column-major, one `ContiguousArray<Double>` per feature, one row per bar.
///
/// Rows are grouped by symbol (in the order the series were given), oldest bar first; each row carries its symbol
/// (`symbolIndex` into `symbols`) and its bar's start (`timestamps`). Rows before a symbol's `firstValidRow` are
/// NaN: the warm-up was not covered yet.
public struct FeatureMatrix: Sendable {
    public let featureNames: [String]
    /// One column per feature, `rowCount` values each.
    public private(set) var columns: [ContiguousArray<Double>]
    public private(set) var timestamps: ContiguousArray<Int64>
    public private(set) var symbolIndex: ContiguousArray<Int32>
    public let symbols: [String]
    /// Each symbol's rows; row `rows.lowerBound + i` is bar i of that symbol's series.
    public let blocks: [Block]
    /// 1/0 per row: the entry condition given to `matrix(_:entry:)` (0 before a symbol's first valid row).
    public let entrySignals: ContiguousArray<Double>?

    /// One symbol's slice of the matrix.
    public struct Block: Sendable, Hashable {
        public let symbol: String
        public let rows: Range<Int>
        /// First row (absolute) with defined features.
        public let firstValidRow: Int
    }

    init(
        featureNames: [String], series: [BarSeries], offsets: [Int], firstValid: [Int], columns: [ContiguousArray<Double>],
        entrySignals: ContiguousArray<Double>?
    ) {
        self.featureNames = featureNames
        self.entrySignals = entrySignals
        self.columns = columns
        symbols = series.map(\.symbol)
        let total = offsets.last ?? 0
        var timestamps = ContiguousArray<Int64>()
        timestamps.reserveCapacity(total)
        var symbolIndex = ContiguousArray<Int32>()
        symbolIndex.reserveCapacity(total)
        var blocks: [Block] = []
        for (s, bars) in series.enumerated() {
            timestamps.append(contentsOf: bars.timestamps)
            symbolIndex.append(contentsOf: repeatElement(Int32(s), count: bars.count))
            blocks.append(Block(symbol: bars.symbol, rows: offsets[s]..<offsets[s + 1], firstValidRow: offsets[s] + firstValid[s]))
        }
        self.timestamps = timestamps
        self.symbolIndex = symbolIndex
        self.blocks = blocks
    }

    public var rowCount: Int { timestamps.count }

    /// The column of `name`.
    public func column(_ name: String) -> ContiguousArray<Double>? {
        featureNames.firstIndex(of: name).map { columns[$0] }
    }

    /// The features of row `i`, in `featureNames` order.
    public func row(_ i: Int) -> [Double] { columns.map { $0[i] } }

    /// The symbol of row `i`.
    public func symbol(ofRow i: Int) -> String { symbols[Int(symbolIndex[i])] }

    /// Rows whose features are all defined (every symbol's rows from its `firstValidRow`).
    public var validRows: [Int] { blocks.flatMap { Array($0.firstValidRow..<$0.rows.upperBound) } }
}
