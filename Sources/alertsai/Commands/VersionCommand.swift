import AlertsCore
import ArgumentParser

/// `alertsai version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the AlertsAI version.")

    func run() {
        print("alertsai \(AlertsAIVersion.current)")
    }
}
