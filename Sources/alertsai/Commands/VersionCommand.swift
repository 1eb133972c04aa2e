import AlertsCore
import ArgumentParser

/// `alertsai version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the AlertsAI version.",
        discussion: """
            The same version as `alertsai --version` (which prints it alone); every training run records it in its code version.

            Examples:
              alertsai version
            """)

    func run() {
        print("alertsai \(AlertsAIVersion.current)")
    }
}
