import AlertsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Alerting

/// A fake OpenAI-compatible server on loopback: `POST /v1/chat/completions` answers according to the requested
/// `model` (`good`, `promise`, `invented`, `broken`, `down`), and refuses requests that are not chat completions.
func fakeLLM() -> some ApplicationProtocol {
    struct ChatRequest: Decodable {
        struct Message: Decodable { let role: String; let content: String }
        let model: String
        let messages: [Message]
    }
    let router = Router()
    router.post("/v1/chat/completions") { request, context -> Response in
        let chat = try await request.decode(as: ChatRequest.self, context: context)
        guard chat.messages.first?.role == "system", chat.messages.last?.role == "user",
            chat.messages.last?.content.contains("\"symbol\":\"AAPL\"") == true
        else { return Response(status: .badRequest) }
        let text: String
        switch chat.model {
        case "good": text = "AAPL looks oversold after a sharp drop; the model rates the long setup at 71 %, with a stop near 178.85."
        case "promise": text = "AAPL is a sure thing — it can’t lose from here."
        case "invented": text = "AAPL should rally 15 % next week."
        case "broken": return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "{\"unexpected\": true}")))
        case "keyed":
            // A hosted model: the key comes as a bearer token, the way OpenAI-compatible endpoints read it.
            guard request.headers[.authorization] == "Bearer sk-test-4242" else {
                return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"bad key"}}"#)))
            }
            text = "AAPL looks oversold after a sharp drop; the model rates the long setup at 71 %."
        case "slow":
            try await Task.sleep(for: .seconds(12))
            text = "AAPL looks oversold after a sharp drop."
        default: return Response(status: .serviceUnavailable)
        }
        let message = #"{"role":"assistant","content":"\#(text)"}"#
        let body = #"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":\#(message),"finish_reason":"stop"}]}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

@Suite("LLM explainer against a fake OpenAI-compatible server")
struct LLMExplainerTests {
    let c = candidate(
        "AAPL", score: 0.712, reasons: [ReasonVocabulary().reason(feature: "ret_5", value: -0.042, contribution: 0.5, rank: 0)],
        regime: Regime(volatility: .normal, trend: .down))

    @Test("a compliant answer is used; promises, invented numbers, broken answers and errors fall back to the template")
    func wire() async throws {
        try await fakeLLM().test(.live) { client in
            let port = try #require(client.port)
            let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
            func explain(_ model: String) async -> Explanation {
                await CheckedExplainer(primary: LLMExplainer(baseURL: base, model: model, timeout: 5)).explain(c)
            }
            let good = await explain("good")
            #expect(good.source == "explainer")
            #expect(good.text.hasPrefix("AAPL looks oversold"))
            let template = TemplateExplainer().text(for: c)
            let refused = [("promise", "banned_phrase"), ("invented", "invented_number"), ("broken", "explainer_error"), ("down", "explainer_error")]
            for (model, code) in refused {
                let e = await explain(model)
                #expect(e.source == "template_fallback", "\(model)")
                #expect(e.text == template)
                #expect(e.rejection?.hasPrefix(code) == true, "\(model): \(e.rejection ?? "nil")")
            }
        }
    }

    @Test("llm settings: the model name and the API key (as Authorization: Bearer) reach the server; the timeout falls back; the key is never shown")
    func hostedModelSettings() async throws {
        try await fakeLLM().test(.live) { client in
            let port = try #require(client.port)
            let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
            let keyed = LLMExplainer(baseURL: base, model: "keyed", apiKey: "sk-test-4242", timeout: 5)
            let good = await CheckedExplainer(primary: keyed).explain(c)
            #expect(good.source == "explainer", "\(good.rejection ?? "")")
            #expect(!"\(keyed)".contains("sk-test-4242") && "\(keyed)".contains("redacted"))

            let wrongKey = await CheckedExplainer(primary: LLMExplainer(baseURL: base, model: "keyed", apiKey: "sk-other", timeout: 5)).explain(c)
            #expect(wrongKey.source == "template_fallback" && wrongKey.rejection?.contains("401") == true, "\(wrongKey.rejection ?? "")")
            #expect(wrongKey.rejection?.contains("sk-other") == false)
            let noKey = await CheckedExplainer(primary: LLMExplainer(baseURL: base, model: "keyed", timeout: 5)).explain(c)
            #expect(noKey.source == "template_fallback")

            let start = Date()
            let slow = await CheckedExplainer(primary: LLMExplainer(baseURL: base, model: "slow", timeout: 0.5)).explain(c)
            #expect(slow.source == "template_fallback" && slow.rejection?.hasPrefix("explainer_error") == true)
            // Well under the 12 s answer, with room for a loaded machine: a timeout that did not fire takes 12 s.
            #expect(Date().timeIntervalSince(start) < 10, "the 0.5 s timeout did not cut the 12 s answer short")
        }
    }
}
