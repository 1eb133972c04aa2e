import Foundation

/// Reads LightGBM's text model (`booster.save_model`) for binary objectives with numerical splits.
public enum LightGBMModelText {
    /// Parses the text; refuses categorical splits, linear trees and non-binary objectives with a message naming them.
    public static func parse(_ text: String) throws -> GradientBoostedTrees {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first(where: { !$0.isEmpty }), first == "tree" else {
            throw LearningError.invalidLightGBM(line: 1, reason: "expected the header line 'tree' (is this a LightGBM model.txt?)")
        }
        var header: [String: String] = [:]
        var trees: [DecisionTree] = []
        var current: [String: (String, Int)]? = nil
        var currentLine = 0
        var sawEnd = false
        func finishTree() throws {
            if let fields = current { trees.append(try makeTree(fields, index: trees.count, startLine: currentLine)) }
            current = nil
        }
        for (i, raw) in lines.enumerated() {
            let line = String(raw)
            if line == "end of trees" { try finishTree(); sawEnd = true; break }
            if line.hasPrefix("Tree=") {
                try finishTree()
                current = [:]
                currentLine = i + 1
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
            if current != nil { current![key] = (value, i + 1) } else { header[key] = value }
        }
        guard sawEnd else { throw LearningError.invalidLightGBM(line: lines.count, reason: "missing 'end of trees' (file truncated?)") }
        let objective = header["objective"] ?? ""
        let objectiveName = objective.split(separator: " ").first.map(String.init) ?? ""
        guard objectiveName == "binary" else {
            throw LearningError.unsupportedLightGBM("objective '\(objective)' is not supported; only 'binary' models can be imported")
        }
        if let numClass = header["num_class"], numClass != "1" {
            throw LearningError.unsupportedLightGBM("num_class=\(numClass); only single-output binary models can be imported")
        }
        if header.keys.contains("average_output") {
            throw LearningError.unsupportedLightGBM("average_output (random forest mode) is not supported")
        }
        var sigmoid = 1.0
        for token in objective.split(separator: " ") where token.hasPrefix("sigmoid:") {
            guard let s = Double(token.dropFirst("sigmoid:".count)) else {
                throw LearningError.unsupportedLightGBM("cannot read the sigmoid in objective '\(objective)'")
            }
            sigmoid = s
        }
        guard let maxFeature = header["max_feature_idx"].flatMap(Int.init) else {
            throw LearningError.invalidLightGBM(line: 1, reason: "header has no max_feature_idx")
        }
        var names = header["feature_names"].map { $0.split(separator: " ").map(String.init) } ?? []
        if names.isEmpty { names = (0...maxFeature).map { "Column_\($0)" } }
        guard names.count == maxFeature + 1 else {
            throw LearningError.invalidLightGBM(line: 1, reason: "\(names.count) feature names for max_feature_idx=\(maxFeature)")
        }
        guard !trees.isEmpty else { throw LearningError.invalidLightGBM(line: 1, reason: "the model has no trees") }
        return try GradientBoostedTrees(featureNames: names, trees: trees, baseScore: 0, sigmoid: sigmoid)
    }

    private static func makeTree(_ fields: [String: (String, Int)], index: Int, startLine: Int) throws -> DecisionTree {
        func text(_ key: String) throws -> (String, Int) {
            guard let v = fields[key] else {
                throw LearningError.invalidLightGBM(line: startLine, reason: "tree \(index) has no '\(key)' line")
            }
            return v
        }
        func numbers<T>(_ key: String, count: Int, _ parse: (Substring) -> T?) throws -> [T] {
            let (value, line) = try text(key)
            let tokens = value.split(separator: " ")
            guard tokens.count == count else {
                throw LearningError.invalidLightGBM(line: line, reason: "tree \(index): '\(key)' has \(tokens.count) values, expected \(count)")
            }
            return try tokens.map { token in
                guard let v = parse(token) else {
                    throw LearningError.invalidLightGBM(line: line, reason: "tree \(index): cannot read '\(token)' in '\(key)'")
                }
                return v
            }
        }
        if let (linear, _) = fields["is_linear"], linear != "0" {
            throw LearningError.unsupportedLightGBM("tree \(index) is a linear tree (linear_tree=true); only constant leaves are supported")
        }
        if let (cats, _) = fields["num_cat"], cats != "0" {
            throw LearningError.unsupportedLightGBM("tree \(index) has \(cats) categorical split(s); only numerical splits are supported")
        }
        guard let leaves = Int(try text("num_leaves").0), leaves >= 1 else {
            throw LearningError.invalidLightGBM(line: startLine, reason: "tree \(index): bad num_leaves")
        }
        let shrink = fields["shrinkage"].flatMap { Double($0.0) } ?? 1
        _ = shrink  // Leaf values in the file already include shrinkage.
        let leafValue = try numbers("leaf_value", count: leaves) { Double($0) }
        guard leaves > 1 else {
            let count = fields["leaf_count"].flatMap { Double($0.0) } ?? 1
            return DecisionTree.constant(leafValue[0], count: count)
        }
        let nodes = leaves - 1
        let decision = try numbers("decision_type", count: nodes) { Int($0) }
        for (node, d) in decision.enumerated() where d & 1 != 0 {
            throw LearningError.unsupportedLightGBM("tree \(index) node \(node) is a categorical split; only numerical splits are supported")
        }
        let missing = try decision.enumerated().map { node, d -> MissingType in
            guard let type = MissingType(rawValue: UInt8((d >> 2) & 3)) else {
                throw LearningError.invalidLightGBM(line: startLine, reason: "tree \(index) node \(node): unknown missing type in decision_type \(d)")
            }
            return type
        }
        let leafCount = fields["leaf_count"] != nil ? try numbers("leaf_count", count: leaves) { Double($0) } : [Double](repeating: 1, count: leaves)
        let internalCount =
            fields["internal_count"] != nil
            ? try numbers("internal_count", count: nodes) { Double($0) } : [Double](repeating: Double(leaves), count: nodes)
        return DecisionTree(
            splitFeature: try numbers("split_feature", count: nodes) { Int($0) },
            threshold: try numbers("threshold", count: nodes) { Double($0) },
            defaultLeft: decision.map { $0 & 2 != 0 }, missingType: missing,
            leftChild: try numbers("left_child", count: nodes) { Int($0) },
            rightChild: try numbers("right_child", count: nodes) { Int($0) },
            leafValue: leafValue, leafCount: leafCount, internalCount: internalCount,
            splitGain: fields["split_gain"] != nil ? try numbers("split_gain", count: nodes) { Double($0) } : [Double](repeating: 0, count: nodes))
    }
}
