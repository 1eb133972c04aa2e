import Features
import Foundation
import Hummingbird
import HummingbirdTesting
import Learning
import Storage
import Testing

@testable import Server

/// Fixed-count, seeded fuzzing of the request readers (docs/SECURITY.md): no input may trap the process. A trap
/// kills the test process, so a crash fails the run; every answer must also be a 4xx in the JSON error shape or a 2xx.
@Suite("Fuzzing the request readers")
struct FuzzTests {
    static let seeds = [
        #"{"model":"swing","rows":[{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}],"reasons":true,"regime":"high_vol"}"#,
        #"{"model":"swing","universe":"AAPL,MSFT","as_of":"2024-06-28T21:00:00Z","user_id":"u"}"#,
        #"{"model":"swing","universe":"preset:us-mega-30","webhook":{"url":"https://hooks.example.com/a"}}"#,
        #"{"symbols":["AAPL"],"set":"core-daily","as_of":1719608400000}"#,
    ]
    static let tokens = [
        "9223372036854775807", "-9223372036854775808", "1e400", "-1e400", "NaN", "\"\\u0000\"", "[[[[[[[[[[", "}}}}", "null", "true",
        "\"\\ud800\"", "0.0000000000000000000000000001", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "{}", "[]",
        String(repeating: "A", count: 5000), "-", "\"", ",", ":", "1.7976931348623157e309",
    ]

    /// A mutation of a seed body: flipped bytes, cut, or a hostile token spliced in.
    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            case 2:
                let at = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: Array(tokens.randomElement(using: &rng)!.utf8), at: at)
            default:
                // Replace a value after a colon with a hostile token.
                if let colon = bytes.indices.filter({ bytes[$0] == UInt8(ascii: ":") }).randomElement(using: &rng) {
                    let end = bytes[(colon + 1)...].firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") }) ?? bytes.count
                    bytes.replaceSubrange((colon + 1)..<end, with: Array(tokens.randomElement(using: &rng)!.utf8))
                }
            }
        }
        return bytes
    }

    @Test("the /score body reader takes 20,000 mutated bodies without trapping")
    func scoreBody() {
        var rng = SeededGenerator(seed: 2026)
        var refused = 0
        for i in 0..<20_000 {
            let bytes =
                i % 10 == 0
                ? (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } : Self.mutate(Self.seeds[0], &rng)
            do {
                _ = try bytes.withUnsafeBytes { try ScoreBody.read($0) }
            } catch {
                refused += 1
            }
        }
        #expect(refused > 1000)  // the mutations do reach the error paths
    }

    @Test("1,200 mutated requests to every POST route answer 2xx or 4xx in the JSON error shape, never 5xx")
    func routes() async throws {
        var (config, dir) = temporaryConfig()
        defer { try? FileManager.default.removeItem(at: dir) }
        config.webhookInterval = 0
        config.limits = .unlimited
        let features = try await InMemoryFeatureSetCatalog.builtIn().resolveFeatureSet("core-daily@v1").featureNames
        _ = try await publishTestModel(config, name: "swing", features: features, threshold: 0)
        let admin = try await serviceKey(config)
        let fixture = UserAPIFixture(config: config, dir: dir, spec: try await publishTestModel(config, name: "other", features: ["rsi_14"]))
        let (_, userKey) = try await fixture.user("fuzz")
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            var rng = SeededGenerator(seed: 7)
            let routes: [(String, Int, String)] = [
                ("/score", 0, admin), ("/alerts/preview", 1, admin), ("/alerts/preview", 1, userKey), ("/alerts/subscribe", 2, userKey),
                ("/indicator_sets/auto_build", 3, admin),
            ]
            for i in 0..<1_200 {
                let (uri, seed, key) = routes[i % routes.count]
                let body = Self.mutate(Self.seeds[seed], &rng)
                try await client.execute(uri: uri, method: .post, headers: .api(key: key), body: ByteBuffer(bytes: body)) { r in
                    #expect(
                        r.status.code < 500,
                        "\(uri) ← \(String(decoding: body, as: UTF8.self).prefix(300)) → \(r.status) \(String(buffer: r.body).prefix(200))")
                    if r.status.code >= 400 {
                        #expect(
                            (try? JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: r.body))) != nil,
                            "\(uri) \(r.status): not the error shape")
                    }
                }
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }
}
