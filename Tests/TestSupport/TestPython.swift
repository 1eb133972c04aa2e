import Foundation

/// The Python that runs the real peers of some tests (PyPI verifiers, validators, moto): `ALERTSAI_TEST_PYTHON`
/// (`.ci/run` points it at its venv), else `python3` from the PATH.
public enum TestPython {
    static var env: [String: String] { ProcessInfo.processInfo.environment }

    /// The interpreter and the arguments that come before a script's own.
    public static var command: (executable: String, prefix: [String]) {
        env["ALERTSAI_TEST_PYTHON"].map { ($0, []) } ?? ("/usr/bin/env", ["python3"])
    }

    /// How the interpreter is named in messages.
    public static var description: String { ([command.executable] + command.prefix).joined(separator: " ") }

    /// Runs `python args…`; returns its exit status and its standard output and error together.
    public static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command.executable)
        p.arguments = command.prefix + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether `import module` works.
    public static func canImport(_ module: String) throws -> Bool { try run(["-c", "import \(module)"]).status == 0 }
}
