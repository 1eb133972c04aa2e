// Exponential smoothing y[t] = a·u[t] + c·y[t−1], the recursion inside EMA, MACD, RSI, ATR and ADX.

extension Kernels {
    /// Exponential smoothing evaluated two bars per step, so the loop-carried dependency is one multiply-add per two
    /// bars instead of one per bar: y[t+1] = (a·u[t+1] + a·c·u[t]) + c²·y[t−1].
    ///
    /// The first bar of each pair and a lone last bar use the one-step form, so a value never depends on how many
    /// bars follow it (prefixes stay bit-identical). Against TA-Lib's `(u − y)·k + y` the results differ by rounding
    /// only (~1e-16 relative, not accumulating: the recursion is contracting).
    struct Smoothing {
        let a: Double
        let c: Double
        let c2: Double
        let ac: Double

        init(weightNew a: Double, weightOld c: Double) {
            self.a = a
            self.c = c
            self.c2 = c * c
            self.ac = a * c
        }

        /// For inputs already multiplied by `a` (w = a·u): y[t] = w[t] + c·y[t−1], four bars per step, so the carried
        /// chain is one multiply-add per four bars. Within a group the partial sums s[j] = w[j] + c·s[j−1] do not
        /// depend on the carried value and overlap with it; out[j] = s[j] + c^j·y. A short last group uses the same
        /// formulas, keeping prefixes bit-identical. `w` and `out` may be the same buffer.
        @inline(__always)
        func runWeighted4(_ w: UnsafePointer<Double>, from: Int, to n: Int, state: inout Double, _ out: UnsafeMutablePointer<Double>) {
            let c3 = c2 * c, c4 = c2 * c2
            var y = state
            var i = from
            while i &+ 3 < n {
                let s1 = w[i]
                let s2 = w[i &+ 1] + s1 * c
                let s3 = w[i &+ 2] + s2 * c
                let s4 = w[i &+ 3] + s3 * c
                out[i] = s1 + y * c
                out[i &+ 1] = s2 + y * c2
                out[i &+ 2] = s3 + y * c3
                y = s4 + y * c4
                out[i &+ 3] = y
                i &+= 4
            }
            var partial = 0.0
            var power = 1.0
            let groupStart = y
            while i < n {
                partial = w[i] + partial * c
                power *= c
                y = partial + groupStart * power
                out[i] = y
                i &+= 1
            }
            state = y
        }

        @inline(__always)
        func one(_ u: Double, _ y: Double) -> Double { u * a + y * c }

        @inline(__always)
        func two(_ u1: Double, _ u2: Double, _ y: Double) -> Double { (u2 * a + u1 * ac) + y * c2 }

        /// Smooths `u[from..<to]` into `out[from..<to]`, starting from `state` (the value at `from − 1`).
        @inline(__always)
        func run(_ u: UnsafePointer<Double>, from: Int, to n: Int, state: inout Double, _ out: UnsafeMutablePointer<Double>) {
            var y = state
            var i = from
            while i + 1 < n {
                let u1 = u[i], u2 = u[i + 1]
                out[i] = one(u1, y)
                y = two(u1, u2, y)
                out[i + 1] = y
                i += 2
            }
            if i < n {
                y = one(u[i], y)
                out[i] = y
            }
            state = y
        }
    }
}
