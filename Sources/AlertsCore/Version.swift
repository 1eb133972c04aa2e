/// The version of AlertsAI, recorded in training runs and shown by `alertsai version`.
public enum AlertsAIVersion {
    public static let current = "0.1.0"
}
