import ArgumentParser
import Foundation
import Learning

/// `alertsai learn`: fit, score, import and evaluate binary classifiers from CSV files.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Train, import, score and evaluate binary classifiers (GBDT, logistic) on CSV files.",
        discussion: """
            The learner behind `alertsai train`, on plain CSV files: fit a model, score rows with it, convert a LightGBM \
            model, and measure scores against labels (docs/LEARNING.md).

            Examples:
              alertsai learn fit --data train.csv --target label --out model.json
              alertsai learn predict --model model.json --data test.csv --out pred.csv
              alertsai learn eval --pred pred.csv --data test.csv --target label
            """,
        subcommands: [Fit.self, Predict.self, Import.self, Eval.self]
    )
}

extension LearnCommand {
    /// `learn fit`: trains a model on a CSV file (every column other than target/weight/t0/t1 is a feature).
    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a model on a CSV file; every column other than the target, weight and t0/t1 is a feature.",
            discussion: """
                Progress (round, train and validation loss) goes to stderr unless --quiet; the model JSON written to --out is \
                what `alertsai learn predict` reads. --calibrate fits the calibrator on out-of-fold predictions, purged by \
                --t0/--t1 when given.

                Examples:
                  alertsai learn fit --data train.csv --target label --out model.json
                  alertsai learn fit --data train.csv --target label --param num_leaves=15 --param learning_rate=0.05 --rounds 300 \
                --valid valid.csv --out model.json
                  alertsai learn fit --data train.csv --target label --t0 t0 --t1 t1 --calibrate isotonic --folds 5 --out model.json
                  alertsai learn fit --data train.csv --target label --model logistic --out logistic.json
                """)

        @Option(help: "Training CSV (header row, empty field = missing).") var data: String
        @Option(help: "Label column (0/1).") var target: String
        @Option(help: "Sample weight column.") var weight: String?
        @Option(help: "Event start time column (enables purged k-fold for calibration).") var t0: String?
        @Option(help: "Label end time column (with --t0).") var t1: String?
        @Option(help: "gbdt or logistic.") var model: String = "gbdt"
        @Option(name: .customLong("param"), help: "Parameter as name=value, repeatable (LightGBM names for gbdt).")
        var params: [String] = []
        @Option(help: "Boosting rounds (gbdt) — same as --param num_rounds=N.") var rounds: Int?
        @Option(help: "Validation CSV for early stopping and validation loss (gbdt).") var valid: String?
        @Option(help: "Fit a calibrator on out-of-fold predictions: isotonic or platt.") var calibrate: String?
        @Option(help: "Folds for the out-of-fold predictions used by --calibrate.") var folds: Int = 5
        @Option(help: "Embargo after each test fold, in t0/t1 units.") var embargo: Double = 0
        @Option(help: "Where to write the model JSON.") var out: String
        @Flag(help: "No progress on stderr.") var quiet = false

        func run() async throws {
            let table = try CSVTable(contentsOf: URL(fileURLWithPath: data))
            let trainSet = try LearnCommand.dataset(table, target: target, weight: weight, t0: t0, t1: t1)
            let validSet = try valid.map {
                try LearnCommand.dataset(CSVTable(contentsOf: URL(fileURLWithPath: $0)), target: target, weight: weight, t0: t0, t1: t1)
            }
            let method: Calibrator.Method? = try calibrate.map {
                guard let m = Calibrator.Method(rawValue: $0) else {
                    throw ValidationError("--calibrate must be isotonic or platt, not '\($0)'")
                }
                return m
            }
            let pairs = try params.map { text -> (String, String) in
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--param '\(text)' must look like name=value") }
                return (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            }
            let quiet = self.quiet
            let progress: ProgressHandler = { p in
                guard !quiet else { return }
                let valid = p.validLoss.map { String(format: "  valid loss %.5f", $0) } ?? ""
                FileHandle.standardError.write(Data(String(format: "round %d/%d  train loss %.5f", p.round, p.totalRounds, p.trainLoss).utf8))
                FileHandle.standardError.write(Data("\(valid)\n".utf8))
            }
            let fitOne: (Dataset, Dataset?, ProgressHandler?) throws -> ClassifierModel
            switch model {
            case "gbdt":
                var p = GBDTParameters()
                for (k, v) in pairs { try p.set(k, v) }
                if let rounds { try p.set("num_rounds", "\(rounds)") }
                let parameters = p
                fitOne = { train, valid, progress in
                    let m = try GradientBoostedTrees.train(on: train, parameters: parameters, validation: valid, progress: progress)
                    return ClassifierModel(
                        predictor: .trees(m), trainingParameters: parameters.asDictionary,
                        source: "alertsai-learning \(ModelFile.libraryVersion)")
                }
            case "logistic":
                var p = LogisticRegression.Parameters()
                for (k, v) in pairs { try p.set(k, v) }
                if rounds != nil { throw ValidationError("--rounds applies to gbdt only; use --param max_iter=N for logistic") }
                let parameters = p
                fitOne = { train, _, progress in
                    let m = try LogisticRegression.train(on: train, parameters: parameters, progress: progress)
                    return ClassifierModel(
                        predictor: .logistic(m), trainingParameters: parameters.asDictionary,
                        source: "alertsai-learning \(ModelFile.libraryVersion)")
                }
            default:
                throw ValidationError("--model must be gbdt or logistic, not '\(model)'")
            }
            var calibrator: Calibrator?
            if let method {
                let splitter = try PurgedKFold(k: folds, embargo: embargo)
                if !quiet { FileHandle.standardError.write(Data("out-of-fold predictions (\(folds) purged folds) for calibration\n".utf8)) }
                // Early stopping needs a validation set, so fold models train for the fixed number of rounds.
                let oof = try OutOfFold.predictions(trainSet, splitter: splitter) { train, test in
                    let m = try fitOne(train, validSet, nil)
                    return try m.rawScores(test).map(m.probability(raw:))
                }
                calibrator = try Calibrator.fit(method, scores: oof, labels: Array(trainSet.labels), weights: trainSet.weights.map(Array.init))
            }
            var fitted = try fitOne(trainSet, validSet, progress)
            fitted.calibrator = calibrator
            try ModelFile.write(fitted, to: URL(fileURLWithPath: out))
            if !quiet { FileHandle.standardError.write(Data("wrote \(out)\n".utf8)) }
        }
    }

    /// `learn predict`: scores a CSV file with a model file.
    struct Predict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a CSV file: writes columns score (probability) and raw (log-odds).",
            discussion: """
                The model's feature columns are found by name, so the file may hold others; rows keep their order, so the \
                output lines up with the input for `alertsai learn eval`.

                Examples:
                  alertsai learn predict --model model.json --data test.csv --out pred.csv
                  alertsai learn predict --model model.json --data test.csv
                """)

        @Option(help: "Model JSON.") var model: String
        @Option(help: "CSV with (at least) the model's feature columns.") var data: String
        @Option(help: "Output CSV (stdout when omitted).") var out: String?

        func run() async throws {
            let m = try ModelFile.read(from: URL(fileURLWithPath: model))
            let table = try CSVTable(contentsOf: URL(fileURLWithPath: data))
            let columns = try m.columnIndices(for: table.header)
            let set = try Dataset(featureNames: m.featureNames, columns: columns.map { table.columns[$0] })
            let raw = try m.rawScores(set)
            let text = CSVTable(header: ["score", "raw"], columns: [raw.map(m.score(raw:)), raw]).text()
            if let out { try Data(text.utf8).write(to: URL(fileURLWithPath: out)) } else { print(text, terminator: "") }
        }
    }

    /// `learn import`: converts a foreign model file into the AlertsAI model format.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a LightGBM model.txt (binary, numerical splits) to a model JSON.",
            discussion: """
                The converted model scores as LightGBM does (docs/LEARNING.md lists what the importer refuses). To register \
                a LightGBM model for alerts, use `alertsai models import`.

                Examples:
                  alertsai learn import --input Tests/LearningTests/Fixtures/lgb_plain.model.txt --out model.json
                """)

        @Option(help: "Source format (lightgbm).") var format: String = "lightgbm"
        @Option(help: "LightGBM model.txt from booster.save_model.") var input: String
        @Option(help: "Where to write the model JSON.") var out: String

        func run() async throws {
            guard format == "lightgbm" else { throw ValidationError("--format must be lightgbm, not '\(format)'") }
            let text = try String(contentsOf: URL(fileURLWithPath: input), encoding: .utf8)
            let trees = try LightGBMModelText.parse(text)
            let model = ClassifierModel(predictor: .trees(trees), source: "lightgbm")
            try ModelFile.write(model, to: URL(fileURLWithPath: out))
            FileHandle.standardError.write(Data("imported \(trees.trees.count) trees over \(trees.featureNames.count) features to \(out)\n".utf8))
        }
    }

    /// `learn eval`: prints ranking, probability and top-of-list metrics of scored rows as JSON.
    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print metrics (AUC, AP, log-loss, Brier, ECE, precision@K, lift) as JSON.",
            discussion: """
                --pred and --data are row-aligned: row i of one is row i of the other. --period adds precision of the top \
                --top-n rows of each period.

                Examples:
                  alertsai learn eval --pred pred.csv --data test.csv --target label
                  alertsai learn eval --pred pred.csv --data test.csv --target label --top-fraction 0.05 --period day --top-n 5
                """)

        @Option(help: "Predictions CSV with a score column (from learn predict).") var pred: String
        @Option(help: "CSV with the labels, row-aligned with --pred.") var data: String
        @Option(help: "Label column.") var target: String
        @Option(help: "Fraction of rows for precision@K and lift.") var topFraction: Double = 0.1
        @Option(help: "Period key column for top-N per period.") var period: String?
        @Option(help: "N for top-N per period.") var topN: Int = 5

        func run() async throws {
            let scores = try CSVTable(contentsOf: URL(fileURLWithPath: pred)).column("score")
            let table = try CSVTable(contentsOf: URL(fileURLWithPath: data))
            let labels = try table.column(target)
            guard scores.count == labels.count else {
                throw ValidationError("--pred has \(scores.count) rows but --data has \(labels.count)")
            }
            let periods = try period.map { try table.column($0).map { "\($0)" } }
            let report = MetricsReport(probabilities: scores, labels: labels, topFraction: topFraction, periods: periods, topPerPeriod: topN)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "NaN")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }

    /// Builds a dataset from a table: the named columns are label/weight/spans, every other column is a feature.
    static func dataset(_ table: CSVTable, target: String, weight: String?, t0: String?, t1: String?) throws -> Dataset {
        guard (t0 == nil) == (t1 == nil) else { throw ValidationError("give --t0 and --t1 together") }
        let special = Set([target, weight, t0, t1].compactMap { $0 })
        let featureIndices = table.header.indices.filter { !special.contains(table.header[$0]) }
        guard !featureIndices.isEmpty else { throw ValidationError("the CSV has no feature columns besides \(special.sorted())") }
        return try Dataset(
            featureNames: featureIndices.map { table.header[$0] }, columns: featureIndices.map { table.columns[$0] },
            labels: try table.column(target), weights: try weight.map(table.column), t0: try t0.map(table.column), t1: try t1.map(table.column))
    }
}
