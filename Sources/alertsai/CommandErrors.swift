import ArgumentParser
import Foundation

/// How every `alertsai` command ends on an error: one `Error: …` line on stderr, exit 1 when the input or the
/// operation failed, 2 when the command line is wrong (unknown option, missing argument, a value an option refuses).
/// Help, `--version` and `--generate-completion-script` are ArgumentParser's own and exit 0. README "Errors and exit codes".
enum CommandErrors {
    /// Exit status of a failed operation or bad input (a config file, a missing model, a store error).
    static let failure: Int32 = 1
    /// Exit status of a usage error.
    static let usage: Int32 = 2

    /// Parses the command line, runs the command, and reports any error as above.
    static func main<Root: ParsableCommand>(_ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        do {
            var command = try root.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error, root: root, arguments: arguments)
        }
    }

    /// The line and the status for `error`; ArgumentParser's clean exits (help, version) are left to it.
    static func fail<Root: ParsableCommand>(_ error: any Error, root: Root.Type, arguments: [String]) -> Never {
        // An exit status a command chose (`models diff` when versions differ) after printing what it had to say.
        if let code = error as? ExitCode { exit(code.rawValue) }
        let code = root.exitCode(for: error)
        if code == .success { root.exit(withError: error) }
        let isUsage = code == .validationFailure || error is ValidationError
        var line = firstLine(isUsage ? root.message(for: error) : String(describing: error))
        if line.hasPrefix("Error: ") || line.hasPrefix("error: ") { line = String(line.dropFirst("Error: ".count)) }
        if isUsage { line += " (see `\(commandPath(root, arguments).joined(separator: " ")) --help`)" }
        FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
        exit(isUsage ? usage : failure)
    }

    static func firstLine(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? trimmed
    }

    /// `alertsai alerts run` for `alerts run --as-of x`: the subcommands named on the command line, in order.
    static func commandPath(_ root: any ParsableCommand.Type, _ arguments: [String]) -> [String] {
        var path = [root.configuration.commandName ?? "alertsai"]
        var current: any ParsableCommand.Type = root
        for word in arguments {
            guard
                let next = current.configuration.subcommands.first(where: {
                    $0.configuration.commandName == word || $0.configuration.aliases.contains(word)
                })
            else { break }
            path.append(word)
            current = next
        }
        return path
    }
}
