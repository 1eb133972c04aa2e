import ArgumentParser
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one progress line of a long command (`alerts run`, `backtest`, `outcomes resolve`, `serve` start), redrawn in
/// place on stderr. Only on a terminal and without `--quiet`: in a pipe, a log or CI it writes nothing, so stdout
/// and stderr stay what the command reports. `finish()` clears it before the command prints its result.
final class ProgressLine: Sendable {
    let title: String
    let enabled: Bool
    private let shown = Mutex(false)

    init(_ title: String, quiet: Bool, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.title = title
        enabled = !quiet && isTerminal
    }

    /// `title [██····] done/total label`.
    func step(_ done: Int, _ total: Int, _ label: String) {
        guard enabled else { return }
        let width = 24
        let filled = total > 0 ? min(width, done * width / total) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        draw("\(title) [\(bar)] \(done)/\(total) \(label)")
    }

    /// `title: text`, for steps without a count.
    func note(_ text: String) {
        guard enabled else { return }
        draw("\(title): \(text)")
    }

    /// Clears the line.
    func finish() {
        guard enabled, shown.withLock({ $0 }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// A handler for the library's `(done, total, label)` progress.
    var handler: (@Sendable (Int, Int, String) -> Void)? {
        guard enabled else { return nil }
        return { [self] done, total, label in step(done, total, label) }
    }

    private func draw(_ text: String) {
        shown.withLock { $0 = true }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(String(text.prefix(160)))".utf8))
    }
}

/// `--quiet` for the commands that draw a progress line.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress line on stderr (none is drawn either when stderr is not a terminal).")
    var quiet = false
}
