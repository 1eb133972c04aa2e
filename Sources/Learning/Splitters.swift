/// One cross-validation fold: row indices to train on and to test on.
public struct Fold: Sendable, Equatable {
    public let train: [Int]
    public let test: [Int]
    /// Candidate training rows removed because their span overlaps the test span (purging), and those removed only by
    /// the embargo after it: what the splitter actually did, for the report.
    public var purged: Int = 0
    public var embargoed: Int = 0

    public init(train: [Int], test: [Int], purged: Int = 0, embargoed: Int = 0) {
        self.train = train
        self.test = test
        self.purged = purged
        self.embargoed = embargoed
    }
}

/// The event span of every row: the row's label uses information from t0 through t1.
public struct EventSpans: Sendable {
    public let t0: [Double]
    public let t1: [Double]

    /// Spans from the dataset, or [row, row] when it has none (plain time-ordered k-fold).
    public init(_ data: Dataset) {
        if let t0 = data.t0, let t1 = data.t1 {
            self.t0 = Array(t0)
            self.t1 = Array(t1)
        } else {
            self.t0 = (0..<data.rowCount).map(Double.init)
            self.t1 = self.t0
        }
    }

    public init(t0: [Double], t1: [Double]) throws {
        guard t0.count == t1.count, zip(t0, t1).allSatisfy({ $0 <= $1 }) else {
            throw LearningError.invalidDataset("event spans need t0 ≤ t1 for every row and as many t0 as t1")
        }
        self.t0 = t0
        self.t1 = t1
    }

    public var count: Int { t0.count }

    /// Rows ordered by event start (ties by row), so that folds are contiguous in time.
    var timeOrder: [Int] { t0.indices.sorted { t0[$0] != t0[$1] ? t0[$0] < t0[$1] : $0 < $1 } }

    /// The fold of `test` trained on the `candidates` whose span does not touch [start, end + embargo], counting what
    /// purging (overlap with the test span) and the embargo (start within `embargo` after it) each removed.
    func fold(candidates: [Int], test: [Int], embargo: Double) -> Fold {
        let (start, end) = testSpan(test)
        var train: [Int] = []
        var purged = 0
        var embargoed = 0
        for r in candidates {
            if t1[r] < start || t0[r] > end + embargo {
                train.append(r)
            } else if t0[r] > end {
                embargoed += 1
            } else {
                purged += 1
            }
        }
        return Fold(train: train.sorted(), test: test.sorted(), purged: purged, embargoed: embargoed)
    }

    func testSpan(_ rows: [Int]) -> (Double, Double) {
        (rows.map { t0[$0] }.min() ?? 0, rows.map { t1[$0] }.max() ?? 0)
    }
}

/// Produces train/test folds from event spans.
public protocol FoldSplitter: Sendable {
    func folds(_ spans: EventSpans) throws -> [Fold]
}

/// k contiguous test blocks in time; training rows whose span overlaps the test span (extended by the embargo
/// after its end) are purged, so no label straddles the boundary (López de Prado, AFML ch. 7).
public struct PurgedKFold: FoldSplitter {
    public let k: Int
    /// Time after the test span during which training rows are also dropped (serial correlation).
    public let embargo: Double

    public init(k: Int, embargo: Double = 0) throws {
        guard k >= 2 else { throw LearningError.invalidParameter(name: "folds", value: "\(k)", reason: "need at least 2 folds") }
        guard embargo >= 0 else { throw LearningError.invalidParameter(name: "embargo", value: "\(embargo)", reason: "must be ≥ 0") }
        self.k = k
        self.embargo = embargo
    }

    public func folds(_ spans: EventSpans) throws -> [Fold] {
        guard spans.count >= k else {
            throw LearningError.invalidDataset("\(spans.count) rows cannot make \(k) folds")
        }
        let order = spans.timeOrder
        return (0..<k).map { f in
            let block = Array(order[(f * order.count / k)..<((f + 1) * order.count / k)])
            let inTest = Set(block)
            return spans.fold(candidates: order.filter { !inTest.contains($0) }, test: block, embargo: embargo)
        }
    }
}

/// Walk-forward: the time-ordered rows are cut into `folds + 1` blocks; fold i trains on blocks before i+1
/// (expanding window), purged of rows whose span reaches into the test span, and tests on block i+1.
public struct PurgedWalkForward: FoldSplitter {
    public let folds: Int
    public let embargo: Double

    public init(folds: Int, embargo: Double = 0) throws {
        guard folds >= 1 else { throw LearningError.invalidParameter(name: "folds", value: "\(folds)", reason: "need at least 1 fold") }
        guard embargo >= 0 else { throw LearningError.invalidParameter(name: "embargo", value: "\(embargo)", reason: "must be ≥ 0") }
        self.folds = folds
        self.embargo = embargo
    }

    public func folds(_ spans: EventSpans) throws -> [Fold] {
        let blocks = folds + 1
        guard spans.count >= blocks else { throw LearningError.invalidDataset("\(spans.count) rows cannot make \(blocks) blocks") }
        let order = spans.timeOrder
        func block(_ b: Int) -> ArraySlice<Int> { order[(b * order.count / blocks)..<((b + 1) * order.count / blocks)] }
        return (1...folds).map { f in
            // Training rows all start before the test block, so only purging removes any: the embargo (which follows
            // the test span) has nothing to act on in walk-forward, and the fold's `embargoed` says so (0).
            spans.fold(candidates: Array(order[0..<(f * order.count / blocks)]), test: Array(block(f)), embargo: embargo)
        }
    }
}
