// Sliding-window highest high / lowest low, as TA-Lib tracks them.

extension Kernels {
    /// Index of the highest value in a sliding window; ties go to the most recent bar, as in TA-Lib.
    ///
    /// O(1) amortised for market data: the window is rescanned only when its extreme leaves it.
    struct RollingHighest {
        var index = -1
        var value = -Double.infinity

        /// Moves the window to `[start, today]` and returns the index of its highest value.
        @inline(__always)
        mutating func update(_ x: UnsafePointer<Double>, start: Int, today: Int) -> Int {
            let v = x[today]
            if index < start {
                index = start
                value = x[start]
                var i = start + 1
                while i <= today {
                    let t = x[i]
                    if t >= value {
                        value = t
                        index = i
                    }
                    i += 1
                }
            } else if v >= value {
                index = today
                value = v
            }
            return index
        }
    }

    /// Index of the lowest value in a sliding window; ties go to the most recent bar, as in TA-Lib.
    struct RollingLowest {
        var index = -1
        var value = Double.infinity

        /// Moves the window to `[start, today]` and returns the index of its lowest value.
        @inline(__always)
        mutating func update(_ x: UnsafePointer<Double>, start: Int, today: Int) -> Int {
            let v = x[today]
            if index < start {
                index = start
                value = x[start]
                var i = start + 1
                while i <= today {
                    let t = x[i]
                    if t <= value {
                        value = t
                        index = i
                    }
                    i += 1
                }
            } else if v <= value {
                index = today
                value = v
            }
            return index
        }
    }
}
