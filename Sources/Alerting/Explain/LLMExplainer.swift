import AlertsCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// Sends one HTTP POST and returns status and body; the LLM explainer talks through it so tests can point it anywhere.
public protocol ChatTransport: Sendable {
    func post(url: URL, headers: [String: String], body: Data, timeout: TimeInterval) async throws -> (status: Int, body: Data)
}

/// `ChatTransport` over async-http-client's shared client (pooled connections; the answer read up to 4 MiB).
public struct HTTPClientChatTransport: ChatTransport {
    public var maxResponseBytes: Int

    public init(maxResponseBytes: Int = 4 << 20) { self.maxResponseBytes = maxResponseBytes }

    public func post(url: URL, headers: [String: String], body: Data, timeout: TimeInterval) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (k, v) in headers { request.headers.replaceOrAdd(name: k, value: v) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
        let bytes = try await response.body.collect(upTo: maxResponseBytes)
        return (Int(response.status.code), Data(buffer: bytes))
    }
}

/// An `Explainer` that asks an OpenAI-compatible chat model (`POST {base}/v1/chat/completions`) to phrase the alert.
///
/// It sends only the alert's facts and asks for two or three plain sentences using no other numbers; the caller
/// still runs the text through `PhrasingPolicy` (see `CheckedExplainer`), since a model may not obey.
public struct LLMExplainer: Explainer, CustomStringConvertible {
    public let baseURL: URL
    public let model: String
    public let apiKey: String?
    public let transport: any ChatTransport
    public let timeout: TimeInterval

    public init(
        baseURL: URL, model: String = "alertsai-explainer", apiKey: String? = nil, transport: any ChatTransport = HTTPClientChatTransport(),
        timeout: TimeInterval = 10
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.transport = transport
        self.timeout = timeout
    }

    /// Safe to log: the API key is never shown.
    public var description: String {
        "LLMExplainer(\(baseURL.absoluteString), model \(model), api key \(apiKey == nil ? "unset" : "redacted"), timeout \(timeout) s)"
    }

    static let systemPrompt = """
        You explain trading alerts to retail traders in two or three plain sentences. Use only the facts given, \
        and no number that is not among them. Never promise a profit or claim certainty; the score is an estimated \
        probability. Do not add a disclaimer: one is attached separately.
        """

    /// The chat-completions request body.
    struct ChatRequest: Codable {
        struct Message: Codable {
            var role: String
            var content: String
        }
        var model: String
        var messages: [Message]
        var temperature: Double
        var max_tokens: Int
    }

    /// The part of a chat-completions answer that is read.
    struct ChatResponse: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        var choices: [Choice]
    }

    /// The facts the model may use, as JSON (the same ones the template uses).
    static func facts(_ c: AlertCandidate) -> String {
        var facts: [String: JSONValue] = [
            "symbol": .string(c.instrument.symbol), "model": .string("\(c.modelName) v\(c.modelVersion)"),
            "side": .string(c.plan.side.rawValue), "score_percent": .string(ReasonVocabulary.percent(min(c.score.score, 0.999))),
            "threshold_percent": .string(ReasonVocabulary.percent(c.score.threshold)),
            "reasons": .array(c.score.reasons.map { .string($0.text) }),
            "entry": .string(c.plan.entryRule == .nextOpen ? "next open" : "signal close"),
            "reference_price": .string(TemplateExplainer.price(c.plan.referencePrice)),
            "stop_price": .string(TemplateExplainer.price(c.plan.stopPrice)), "stop_percent": .string(ReasonVocabulary.percent(c.plan.stopPct)),
            "take_profit_price": .string(TemplateExplainer.price(c.plan.takeProfitPrice)),
            "take_profit_percent": .string(ReasonVocabulary.percent(c.plan.takeProfitPct)),
            "max_hold_bars": .number(Double(c.plan.maxHoldBars)), "size_percent_of_equity": .string(ReasonVocabulary.percent(c.plan.sizingHint)),
        ]
        if let r = c.regime { facts["regime"] = .string(TemplateExplainer.regimeWords(r)) }
        let data = (try? JSONEncoder.canonical.encode(facts)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public func explain(candidate: AlertCandidate) async throws -> String {
        let body = ChatRequest(
            model: model,
            messages: [.init(role: "system", content: Self.systemPrompt), .init(role: "user", content: "Alert facts: " + Self.facts(candidate))],
            temperature: 0, max_tokens: 200)
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let url = baseURL.appendingPathComponent("v1").appendingPathComponent("chat").appendingPathComponent("completions")
        let (status, data) = try await transport.post(url: url, headers: headers, body: try JSONEncoder().encode(body), timeout: timeout)
        guard (200..<300).contains(status) else {
            throw AlertingError.explainer("LLM at \(baseURL.absoluteString) answered HTTP \(status)")
        }
        guard let answer = try? JSONDecoder().decode(ChatResponse.self, from: data), let text = answer.choices.first?.message.content else {
            throw AlertingError.explainer("LLM at \(baseURL.absoluteString) did not answer with a chat completion")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
