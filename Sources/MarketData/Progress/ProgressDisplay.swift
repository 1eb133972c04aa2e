import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows progress of a long job on stderr: a redrawn bar on a terminal, plain log lines otherwise (CI, pipes).
public final class ProgressDisplay: Sendable {
    public let title: String
    public let total: Int
    public let isTerminal: Bool
    private let state = Mutex<(done: Int, lastLine: Double)>((0, 0))

    public init(title: String, total: Int, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.title = title
        self.total = max(1, total)
        self.isTerminal = isTerminal
    }

    /// One unit done (e.g. one symbol), with a short label.
    public func advance(_ label: String) {
        let done = state.withLock { s -> Int in
            s.done += 1
            return s.done
        }
        if isTerminal {
            draw(done: done, label: label)
        } else {
            write("\(title): \(done)/\(total) \(label)\n")
        }
    }

    /// A provider's progress within the current unit (pages, retries).
    public func update(_ p: FetchProgress) {
        if let note = p.note {
            if isTerminal { write("\r\u{1B}[2K") }
            write("\(title): \(p.symbol): \(note)\n")
            return
        }
        guard isTerminal else {
            // Log lines at most every 5 s for page progress; per-symbol lines come from `advance`.
            let now = Date().timeIntervalSince1970
            let due = state.withLock { s -> Bool in
                if now - s.lastLine < 5 { return false }
                s.lastLine = now
                return true
            }
            if due, let f = p.fraction { write("\(title): \(p.symbol) \(Int(f * 100))% (\(p.bars) bars)\n") }
            return
        }
        let done = state.withLock { $0.done }
        draw(done: done, label: "\(p.symbol) \(p.fraction.map { "\(Int($0 * 100))%" } ?? "") \(p.bars) bars")
    }

    /// Ends the bar line.
    public func finish(_ summary: String) {
        if isTerminal { write("\r\u{1B}[2K") }
        write("\(title): \(summary)\n")
    }

    private func draw(done: Int, label: String) {
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        write("\r\u{1B}[2K\(title) [\(bar)] \(done)/\(total) \(label)")
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
