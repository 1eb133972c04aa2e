/// Out-of-fold predictions: every row is scored by a model that never saw it (nor, with purging, its label span).
public enum OutOfFold {
    /// Runs `trainAndScore(train, test)` on each fold and places the returned test scores at their rows.
    /// Rows that no fold tests (the first block of a walk-forward) stay NaN; calibrators skip them.
    public static func predictions(
        _ data: Dataset, splitter: any FoldSplitter, trainAndScore: (Dataset, Dataset) throws -> [Double]
    ) throws -> [Double] {
        var out = [Double](repeating: .nan, count: data.rowCount)
        for fold in try splitter.folds(EventSpans(data)) {
            guard !fold.train.isEmpty else {
                throw LearningError.invalidDataset("a fold has no training rows left after purging; use fewer folds or a smaller embargo")
            }
            let scores = try trainAndScore(data.subset(rows: fold.train), data.subset(rows: fold.test))
            guard scores.count == fold.test.count else {
                throw LearningError.invalidDataset("fold scorer returned \(scores.count) scores for \(fold.test.count) rows")
            }
            for (i, row) in fold.test.enumerated() { out[row] = scores[i] }
        }
        return out
    }
}
