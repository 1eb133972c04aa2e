/// Vectorised evaluation: each node becomes one column, computed in a tight loop.
struct ConditionEvaluator {
    let count: Int
    let columns: [String: [Double]]

    func evaluate(_ e: ConditionExpression) -> [Double] {
        switch e {
        case let .number(v): return [Double](repeating: v, count: count)
        case let .feature(name): return columns[name]!
        case let .negate(a): return evaluate(a).map { -$0 }
        case let .not(a): return evaluate(a).map { truth($0) ? 0.0 : 1.0 }
        case let .binary(op, a, b): return combine(op, evaluate(a), evaluate(b))
        case let .call(function, arguments):
            let values = arguments.map(evaluate)
            switch function {
            case .abs: return values[0].map { $0.magnitude }
            case .min: return zipMap(values[0], values[1]) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
            case .max: return zipMap(values[0], values[1]) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
            case .crossAbove: return cross(values[0], values[1], above: true)
            case .crossBelow: return cross(values[0], values[1], above: false)
            }
        }
    }

    /// Non-zero is true; NaN is false.
    @inline(__always)
    func truth(_ v: Double) -> Bool { !v.isNaN && v != 0 }

    func zipMap(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { out, n in
            for i in 0..<count { out[i] = f(a[i], b[i]) }
            n = count
        }
    }

    func combine(_ op: ConditionExpression.Operator, _ a: [Double], _ b: [Double]) -> [Double] {
        // IEEE comparisons are already false when either side is NaN (and != is true: we make it false too).
        switch op {
        case .add: return zipMap(a, b, +)
        case .subtract: return zipMap(a, b, -)
        case .multiply: return zipMap(a, b, *)
        case .divide: return zipMap(a, b, /)
        case .less: return zipMap(a, b) { $0 < $1 ? 1 : 0 }
        case .lessOrEqual: return zipMap(a, b) { $0 <= $1 ? 1 : 0 }
        case .greater: return zipMap(a, b) { $0 > $1 ? 1 : 0 }
        case .greaterOrEqual: return zipMap(a, b) { $0 >= $1 ? 1 : 0 }
        case .equal: return zipMap(a, b) { $0 == $1 ? 1 : 0 }
        case .notEqual: return zipMap(a, b) { $0.isNaN || $1.isNaN ? 0 : ($0 != $1 ? 1 : 0) }
        case .and: return zipMap(a, b) { truth($0) && truth($1) ? 1 : 0 }
        case .or: return zipMap(a, b) { truth($0) || truth($1) ? 1 : 0 }
        }
    }

    func cross(_ a: [Double], _ b: [Double], above: Bool) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { out, n in
            if count > 0 { out[0] = 0 }
            for t in stride(from: 1, to: count, by: 1) {
                let crossed = above ? (a[t - 1] <= b[t - 1] && a[t] > b[t]) : (a[t - 1] >= b[t - 1] && a[t] < b[t])
                out[t] = crossed ? 1 : 0
            }
            n = count
        }
    }
}
