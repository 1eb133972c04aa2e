import Alerting
import Foundation
import Server
import Testing

@Suite("Configuration: llm.*")
struct LLMConfigTests {
    @Test("llm.model, llm.api_key and llm.timeout_seconds reach the explainer from a file, the environment or the command line")
    func settingsReachTheExplainer() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.yaml")
        try "llm:\n  base_url: http://127.0.0.1:9/\n  model: gpt-4o-mini\n  timeout_seconds: 2.5\n".write(to: file, atomically: true, encoding: .utf8)
        let config = try await AppConfig.load(
            overrides: [:], environment: ["ALERTSAI_LLM_API_KEY": "sk-secret-777"], configFile: file.path)
        #expect(config.llmModel == "gpt-4o-mini" && config.llmAPIKey == "sk-secret-777" && config.llmTimeout == 2.5)
        let explainer = try #require(AppServices.explainer(config) as? LLMExplainer)
        #expect(explainer.model == "gpt-4o-mini" && explainer.apiKey == "sk-secret-777" && explainer.timeout == 2.5)
        // Never shown: neither the configuration's dump nor the explainer's description holds the key.
        #expect(!"\(config)".contains("sk-secret-777") && "\(config)".contains("llm.api_key: redacted"))
        #expect(!"\(explainer)".contains("sk-secret-777"))

        let cli = try await AppConfig.load(
            overrides: ["llm.base_url": "https://llm.example.test", "llm.timeout_seconds": "30", "llm.api_key": "sk-cli"], environment: [:])
        #expect(cli.llmTimeout == 30 && cli.llmAPIKey == "sk-cli" && cli.llmModel == "alertsai-explainer")
        // Defaults: no key, 10 s, and without a base URL the template explainer.
        let defaults = try await AppConfig.load(overrides: [:], environment: [:])
        #expect(defaults.llmAPIKey == nil && defaults.llmTimeout == 10 && AppServices.explainer(defaults) is TemplateExplainer)
    }

    @Test("bad llm values are refused with the key named")
    func badValues() async throws {
        for (key, value) in [("llm.timeout_seconds", "0"), ("llm.timeout_seconds", "-3"), ("llm.model", " "), ("llm.base_url", "ftp://x")] {
            await #expect {
                try await AppConfig.load(overrides: [key: value], environment: [:])
            } throws: { String(describing: $0).contains(key) }
        }
    }
}
