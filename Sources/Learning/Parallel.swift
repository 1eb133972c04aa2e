import Dispatch

/// A raw pointer handed to worker threads that each touch disjoint parts of the buffer.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Runs `body(i)` for i in 0..<count on every core; callers give each index its own output so results never depend
/// on thread timing.
@inline(__always)
func parallelFor(_ count: Int, parallel: Bool = true, _ body: (Int) -> Void) {
    if count <= 1 || !parallel {
        for i in 0..<count { body(i) }
    } else {
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
        }
    }
}

/// Wraps a value whose thread safety is argued at the use site.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Fixed chunks of a range: the chunking depends only on `count`, which keeps reductions deterministic.
@inline(__always)
func fixedChunks(count: Int, chunkSize: Int) -> Int { (count + chunkSize - 1) / chunkSize }

/// When work is spread over cores and how rows are chunked. Results never depend on `minWork` (whether threads are
/// used), only on `chunk`, which fixes the order of floating-point sums.
struct ParallelPlan: Sendable {
    /// Smallest amount of work (rows, or rows × features) worth handing to other threads.
    var minWork = 40_000
    /// Rows per chunk in chunked reductions and partitions.
    var chunk = 32_768
}
