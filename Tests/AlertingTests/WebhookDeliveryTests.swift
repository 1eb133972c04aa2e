import AlertsCore
import Features
import Foundation
import Hummingbird
import Logging
import MarketData
import SQLKit
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Alerting

@Suite("webhook delivery", .serialized)
struct WebhookDeliveryTests {
    static let secret = "whsec-test-0123456789"

    /// A store with a published model, a user subscribed to it through a webhook at `url`, and a receiver.
    struct Setup {
        let fixture: ModelFixture
        let alerts: AlertRepositories
        let user: User
        let clock: TestClock
        let receiver: FakeWebhookReceiver
        let url: String

        func cleanup() async {
            await receiver.stop()
            await fixture.cleanup()
        }

        /// The receiver is on loopback, so the sender is allowed loopback unless a test says otherwise.
        func worker(
            _ policy: WebhookDeliveryPolicy, store: (any DeliveryRepository)? = nil,
            addresses: WebhookAddressPolicy = WebhookAddressPolicy(allowed: [try! IPNetwork("127.0.0.0/8"), try! IPNetwork("::1/128")])
        ) -> WebhookDeliveryWorker {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            return WebhookDeliveryWorker(store: store ?? alerts.deliveries, policy: policy, logger: logger, now: clock.read, addresses: addresses)
        }

        /// Commits one run with an alert per symbol (hand-made candidates), queued for the user's webhook.
        @discardableResult
        func queue(_ symbols: [String], model: ModelSpec) async throws -> [AlertRecord] {
            let run = AlertRunRecord(
                modelSpecID: model.id, packID: nil, universe: symbols.joined(separator: ","), userID: user.id,
                asOf: clock.millis, startedAt: clock.millis)
            try await alerts.runs.beginRun(run)
            let targets = try await alerts.subscriptions.webhookTargets(userID: user.id, modelName: model.name, packName: nil)
            let reason = ScoreReason(
                feature: "rsi_14", value: 24.1, contribution: 0.4, text: "RSI(14) at 24.1 — oversold — raised the score most")
            let records = symbols.enumerated().map { i, symbol in
                let c = candidate(symbol, score: 0.6 + Double(i) / 100, reasons: [reason])
                return AlertRecord(
                    runID: run.id, modelSpecID: model.id, packID: nil, userID: user.id, symbol: symbol, market: .us, instrument: .equity,
                    timeframe: .d1, barTime: c.barTime, side: c.plan.side, score: c.score.score, threshold: c.score.threshold, regime: "normal_vol",
                    plan: c.plan, reasons: c.score.reasons, explanation: "\(symbol) looks oversold.", disclaimer: AlertDisclaimer.text,
                    createdAt: clock.millis)
            }
            let commit = try await alerts.runs.commitRun(
                runID: run.id, alerts: records, suppressions: [], webhooks: Dictionary(uniqueKeysWithValues: records.map { ($0.id, targets) }),
                counts: [:], finishedAt: clock.millis)
            #expect(commit.inserted.count == symbols.count)
            return records
        }

        /// `sc.alert_delivery` webhook rows: id → (status, attempts, last_error, next_attempt_at, last_attempt_at).
        func rows() async throws -> [Int64: (status: String, attempts: Int, error: String?, next: Int64, last: Int64?)] {
            try await fixture.store.withConnection { db in
                try await db.raw(
                    "SELECT id, status, attempts, last_error, next_attempt_at, last_attempt_at FROM sc.alert_delivery WHERE channel = 'webhook'"
                ).all().reduce(into: [:]) { out, row in
                    out[try row.decode(column: "id", as: Int64.self)] = (
                        try row.decode(column: "status", as: String.self), try row.decode(column: "attempts", as: Int.self),
                        try row.decode(column: "last_error", as: String?.self), try row.decode(column: "next_attempt_at", as: Int64.self),
                        try row.decode(column: "last_attempt_at", as: Int64?.self)
                    )
                }
            }
        }
    }

    func setup(universe: String = "*") async throws -> (Setup, ModelSpec) {
        let f = try await ModelFixture.make()
        let clock = TestClock()
        let receiver = FakeWebhookReceiver(secret: Self.secret, now: clock.read)
        do {
            let spec = try await f.publish(
                name: "swing", features: try await AlertRunnerTests.coreDaily(), threshold: 0, perRegime: AlertRunnerTests.everyone)
            let user = try await SQLUserStore(store: f.store).createUser(name: "ana", email: nil)
            let url = try await receiver.start()
            let alerts = AlertRepositories(store: f.store)
            _ = try await alerts.subscriptions.subscribeWebhook(
                userID: user.id, modelName: "swing", packName: nil, universe: universe, url: url, secret: Self.secret, at: clock.millis)
            return (Setup(fixture: f, alerts: alerts, user: user, clock: clock, receiver: receiver, url: url), spec)
        } catch {
            await receiver.stop()
            await f.cleanup()
            throw error
        }
    }

    /// A test policy: short timeout, a 10 s first retry (stepped over with the clock), factor 3.
    static let policy = WebhookDeliveryPolicy(batchSize: 50, concurrency: 4, timeout: 2, maxAttempts: 3, firstRetryDelay: 10, backoffFactor: 3)

    @Test("an alert run's webhook rows arrive once each, signed, with the stored alert and its disclaimer; rows become delivered")
    func delivered() async throws {
        let (s, _) = try await setup(universe: "AAPL,MSFT")
        defer { Task { await s.cleanup() } }
        let runner = AlertRunner(
            store: s.fixture.store, artifacts: s.fixture.artifacts, provider: SyntheticMarket(), catalog: InMemoryFeatureSetCatalog.builtIn())
        let report = try await runner.run(
            AlertRunRequest(target: .model("swing"), universe: "AAPL,MSFT,NVDA", asOf: AlertRunnerTests.friday, userID: s.user.id))
        #expect(report.counts["alerted"] == 3, "\(report.failures)")
        let stored = try await s.alerts.alerts.alerts(runID: try #require(report.runID))
        let pass = try await s.worker(Self.policy).runPass()
        // NVDA is outside the subscription's universe: two deliveries.
        #expect(pass.claimed == 2 && pass.delivered == 2 && pass.retried == 0 && pass.failed == 0)
        let received = s.receiver.received
        #expect(received.count == 2)
        let rows = try await s.rows()
        #expect(Set(received.compactMap(\.deliveryID)) == Set(rows.keys.map(String.init)))
        let iso = ISO8601DateFormatter()
        for r in received {
            #expect(r.verdict == .valid)
            #expect(r.contentType == "application/json")
            let json = r.json
            let alert = try #require(stored.first { $0.id == json["alert_id"] as? String })
            #expect(["AAPL", "MSFT"].contains(alert.symbol))
            #expect(json["symbol"] as? String == alert.symbol)
            #expect(json["delivery_id"] as? Int == Int(r.deliveryID ?? ""))
            #expect(json["score"] as? Double == alert.score)
            #expect(json["threshold"] as? Double == alert.threshold)
            #expect(json["side"] as? String == alert.side.rawValue)
            #expect(json["regime"] as? String == alert.regime)
            #expect(json["timeframe"] as? String == "1d" && json["market"] as? String == "US" && json["instrument"] as? String == "equity")
            #expect(json["bar_time"] as? String == iso.string(from: Date(timeIntervalSince1970: Double(alert.barTime) / 1000)))
            #expect(json["explanation"] as? String == alert.explanation)
            #expect(json["disclaimer"] as? String == AlertDisclaimer.text)
            let model = try #require(json["model"] as? [String: Any])
            #expect(model["name"] as? String == "swing" && model["version"] as? Int == 1 && model["reference"] as? String == "swing@v1")
            #expect(model.keys.contains("pack"))
            let plan = try #require(json["plan"] as? [String: Any])
            #expect(plan["stop_price"] as? Double == alert.plan.stopPrice && plan["max_hold_bars"] as? Int == alert.plan.maxHoldBars)
            let reasons = try #require(json["reasons"] as? [[String: Any]])
            #expect(reasons.map { $0["text"] as? String } == alert.reasons.map(\.text))
        }
        for row in rows.values {
            #expect(row.status == "delivered" && row.attempts == 1 && row.error == nil && row.last == s.clock.millis)
        }
        // Nothing is sent twice: the next pass finds nothing, even much later.
        s.clock.advance(seconds: 86_400)
        let again = try await s.worker(Self.policy).runPass()
        #expect(again.claimed == 0)
        #expect(s.receiver.received.count == 2)
    }

    @Test("the PyPI standardwebhooks verifier accepts our headers and body (skipped locally when not installed; required when CI=true)")
    func pypiVerifier() async throws {
        let env = ProcessInfo.processInfo.environment
        if try !TestPython.canImport("standardwebhooks") {
            #expect(env["CI"] != "true", "CI=true but the standardwebhooks package is not importable by \(TestPython.description)")
            print("skipping: python package standardwebhooks not importable (pip install standardwebhooks, or set ALERTSAI_TEST_PYTHON)")
            return
        }
        let secret = WebhookSignature.generateSecret()
        let body = Data(#"{"alert_id":"a1","symbol":"AAPL","score":0.71}"#.utf8)
        let headers = WebhookSignature.headers(
            secrets: [WebhookSignature.generateSecret(), secret], id: "msg_42", timestamp: Clock.nowMillis() / 1000, body: body)
        let headerJSON = String(decoding: try JSONSerialization.data(withJSONObject: headers), as: UTF8.self)
        let script = """
            import json, sys
            from standardwebhooks.webhooks import Webhook
            Webhook(sys.argv[1]).verify(sys.argv[2].encode(), json.loads(sys.argv[3]))
            try:
                Webhook(sys.argv[1]).verify(sys.argv[2].encode() + b" ", json.loads(sys.argv[3]))
                sys.exit("a tampered body verified")
            except Exception:
                pass
            """
        let (status, output) = try TestPython.run(["-c", script, secret, String(decoding: body, as: UTF8.self), headerJSON])
        #expect(status == 0, "\(output)")
    }

    @Test("after a rotation both secrets sign until the overlap ends (two v1 signatures), then only the new one")
    func rotationOverlap() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        let endpoint = try #require(try await s.alerts.subscriptions.webhookSubscriptions(userID: s.user.id).first).endpointID
        let fresh = WebhookSignature.generateSecret()
        _ = try await s.alerts.subscriptions.rotateWebhookSecret(
            endpointID: endpoint, userID: s.user.id, secret: fresh, previousUntil: s.clock.millis + 3_600_000)
        try await s.queue(["AAPL"], model: spec)
        #expect(try await s.worker(Self.policy).runPass().delivered == 1)
        func verdicts(_ r: FakeWebhookReceiver.Received) -> [WebhookVerification] {
            [Self.secret, fresh].map {
                WebhookSignature.verify(
                    id: r.webhookID, timestamp: r.timestamp, signatures: r.signature, body: r.body, secret: $0, now: s.clock.millis / 1000)
            }
        }
        let during = try #require(s.receiver.received.last)
        #expect(during.signature?.split(separator: " ").count == 2)
        #expect(verdicts(during) == [.valid, .valid])
        // An hour later the old secret no longer signs.
        s.clock.advance(seconds: 3_600.001)
        try await s.queue(["MSFT"], model: spec)
        #expect(try await s.worker(Self.policy).runPass().delivered == 1)
        let after = try #require(s.receiver.received.last)
        #expect(after.signature?.split(separator: " ").count == 1)
        #expect(verdicts(after) == [.mismatch, .valid])
    }

    @Test("the transport connects to the address it is given, not to what the host resolves to (DNS rebinding)")
    func pinnedAddress() async throws {
        let (s, _) = try await setup()
        defer { Task { await s.cleanup() } }
        // A host that resolves nowhere: only the pin can reach the receiver.
        let port = try #require(URL(string: s.url)?.port)
        let url = try #require(URL(string: "http://alerts-rebinding.invalid:\(port)/hook"))
        let body = Data(#"{"alert_id":"pinned"}"#.utf8)
        var headers = WebhookSignature.headers(secrets: [Self.secret], id: "msg_pinned", timestamp: s.clock.millis / 1000, body: body)
        headers["Content-Type"] = "application/json"
        let answer = try await HTTPClientWebhookTransport().post(url, connectingTo: "127.0.0.1", body: body, headers: headers, timeout: 5)
        #expect((200..<300).contains(answer.status))
        #expect(s.receiver.received.map(\.webhookID) == ["msg_pinned"])
        // Without the pin the name is looked up, finds nothing, and nothing arrives.
        await #expect(throws: (any Error).self) {
            _ = try await HTTPClientWebhookTransport().post(url, connectingTo: nil, body: body, headers: headers, timeout: 1)
        }
        #expect(s.receiver.received.count == 1)
    }

    @Test("a 302 is a failed attempt ('redirect refused: 302'), not a delivery; the redirect is not followed")
    func redirectRefused() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        try await s.queue(["AAPL"], model: spec)
        s.receiver.answer(.redirect)
        let pass = try await s.worker(Self.policy).runPass()
        #expect(pass.claimed == 1 && pass.retried == 1 && pass.delivered == 0)
        let row = try #require(try await s.rows().values.first)
        #expect(row.status == "pending" && row.attempts == 1)
        #expect(row.error == "redirect refused: 302")
        #expect(s.receiver.received.count == 1)
        #expect(s.receiver.landingHits == 0)
    }

    @Test("SSRF: with the default policy a loopback endpoint is never contacted; the attempt fails naming the address")
    func loopbackRefusedAtSend() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        try await s.queue(["AAPL"], model: spec)
        let pass = try await s.worker(Self.policy, addresses: WebhookAddressPolicy()).runPass()
        #expect(pass.claimed == 1 && pass.delivered == 0)
        let row = try #require(try await s.rows().values.first)
        #expect(row.attempts == 1)
        #expect(row.error?.hasPrefix("address refused:") == true && row.error?.contains("loopback") == true, "\(row.error ?? "")")
        #expect(s.receiver.received.isEmpty)
    }

    @Test("the address policy judges every spelling and family; allowed networks open exactly what they name")
    func addressPolicy() throws {
        let policy = WebhookAddressPolicy()
        for url in [
            "http://127.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/", "http://[::1]/",
            "http://[::ffff:169.254.169.254]/", "http://169.254.169.254/", "http://10.0.0.1/", "http://[fc00::1]/", "http://0.0.0.0/",
            "http://localhost/",
        ] {
            #expect(throws: WebhookAddressError.self, "\(url)") { try policy.check(URL(string: url)!) }
        }
        #expect(try policy.check(URL(string: "https://8.8.8.8/hook")!).count == 1)
        #expect(throws: WebhookAddressError.self) { try policy.check(URL(string: "ftp://8.8.8.8/")!) }
        let allowed = WebhookAddressPolicy(allowed: [try IPNetwork("127.0.0.0/8")])
        #expect(try allowed.check(URL(string: "http://127.0.0.1:9/")!).count == 1)
        #expect(throws: WebhookAddressError.self) { try allowed.check(URL(string: "http://10.0.0.1/")!) }
    }

    @Test("a 500 is an attempt with its status and body; the retry waits for the backoff and succeeds once the receiver recovers")
    func retriedAfterBackoff() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        try await s.queue(["AAPL"], model: spec)
        s.receiver.answer(.fail(status: 500, body: "database   is\ndown"))
        let worker = s.worker(Self.policy)
        let first = try await worker.runPass()
        #expect(first.claimed == 1 && first.retried == 1 && first.delivered == 0)
        var row = try #require(try await s.rows().values.first)
        #expect(row.status == "pending" && row.attempts == 1)
        #expect(row.error == "HTTP 500: database is down")
        #expect(row.next == s.clock.millis + 10_000)
        // Within the backoff nothing is sent, however often the worker passes.
        s.receiver.answer(.ok)
        s.clock.advance(seconds: 9.999)
        #expect(try await worker.runPass().claimed == 0)
        #expect(s.receiver.received.count == 1)
        s.clock.advance(seconds: 0.001)
        let second = try await worker.runPass()
        #expect(second.claimed == 1 && second.delivered == 1)
        row = try #require(try await s.rows().values.first)
        #expect(row.status == "delivered" && row.attempts == 2 && row.error == nil)
        let received = s.receiver.received
        #expect(received.count == 2)
        // The retry is the same delivery (receivers dedupe on its id), signed afresh.
        #expect(received[0].deliveryID == received[1].deliveryID)
        #expect(received.allSatisfy { $0.verdict == .valid })
    }

    @Test("a receiver that is down: each attempt waits longer, the last one marks the delivery failed with the error")
    func downReceiverFails() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        try await s.queue(["AAPL", "MSFT"], model: spec)
        await s.receiver.stop()
        let worker = s.worker(Self.policy)
        var delays: [Int64] = []
        for attempt in 1...3 {
            let pass = try await worker.runPass()
            #expect(pass.claimed == 2, "attempt \(attempt)")
            #expect(attempt < 3 ? pass.retried == 2 : pass.failed == 2, "attempt \(attempt): \(pass.summary)")
            let rows = try await s.rows()
            #expect(rows.values.allSatisfy { $0.attempts == attempt && $0.error == "connection refused" }, "\(rows.values.map { $0.error })")
            if attempt < 3 {
                let row = try #require(rows.values.first)
                delays.append(row.next - (row.last ?? 0))
                s.clock.advance(seconds: Double(row.next - s.clock.millis) / 1000)
            }
        }
        // 10 s, then 10 s × 3.
        #expect(delays == [10_000, 30_000])
        let rows = try await s.rows()
        #expect(rows.values.allSatisfy { $0.status == "failed" && $0.attempts == 3 })
        s.clock.advance(seconds: 86_400)
        #expect(try await worker.runPass().claimed == 0)
    }

    @Test("a receiver that does not answer within the timeout costs an attempt")
    func timeout() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        try await s.queue(["AAPL"], model: spec)
        s.receiver.answer(.slow(.milliseconds(1_500)))
        var policy = Self.policy
        policy.timeout = 0.3
        let pass = try await s.worker(policy).runPass()
        #expect(pass.retried == 1)
        let row = try #require(try await s.rows().values.first)
        #expect(row.status == "pending" && row.attempts == 1)
        #expect(row.error?.contains("timed out") == true, "\(row.error ?? "nil")")
    }

    @Test(
        "Standard Webhooks: v1,base64 HMAC-SHA256 of '<id>.<t>.<body>' keyed by the whsec_ bytes; tampering, another secret, an old timestamp, a moved id or no header fail"
    )
    func signature() async throws {
        // The Standard Webhooks reference vector (also what Python's hmac gives for these inputs).
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let header = WebhookSignature.headerValue(secrets: [secret], id: id, timestamp: 1_614_265_330, body: body)
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        func verify(
            id: String? = id, t: String? = "1614265330", sig: String? = header, body: Data = body, secret: String = secret, now: Int64 = 1_614_265_400
        )
            -> WebhookVerification
        {
            WebhookSignature.verify(id: id, timestamp: t, signatures: sig, body: body, secret: secret, now: now)
        }
        #expect(verify() == .valid)
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "9")
        #expect(verify(body: tampered) == .mismatch)
        #expect(verify(secret: WebhookSignature.generateSecret()) == .mismatch)
        #expect(verify(now: 1_614_265_631) == .staleTimestamp(ageSeconds: 301))
        #expect(verify(sig: "v2,abc") == .malformedHeader)
        #expect(verify(id: nil) == .malformedHeader)
        // The id and the timestamp are signed: moving either breaks the signature.
        #expect(verify(id: "msg_other") == .mismatch)
        #expect(verify(t: "1614265360") == .mismatch)
        // Several signatures (a rotation's overlap): any one matching is enough.
        let other = WebhookSignature.generateSecret()
        let both = WebhookSignature.headerValue(secrets: [other, secret], id: id, timestamp: 1_614_265_330, body: body)
        #expect(both.split(separator: " ").count == 2)
        #expect(verify(sig: both) == .valid)
        #expect(verify(sig: both, secret: other) == .valid)
        // Generated secrets are whsec_ and 24 bytes of base64.
        let made = WebhookSignature.generateSecret()
        #expect(made.hasPrefix("whsec_") && WebhookSignature.keyBytes(made).count == 24)

        // On the wire: the receiver refuses a request whose body changed after signing.
        let (s, _) = try await setup()
        defer { Task { await s.cleanup() } }
        let t = s.clock.millis / 1000
        let signed = Data(#"{"symbol":"AAPL","side":"long"}"#.utf8)
        let forged = Data(#"{"symbol":"AAPL","side":"short"}"#.utf8)
        var headers = WebhookSignature.headers(secrets: [Self.secret], id: "msg_1", timestamp: t, body: signed)
        headers["Content-Type"] = "application/json"
        let url = try #require(URL(string: s.url))
        _ = try await HTTPClientWebhookTransport().post(url, connectingTo: nil, body: signed, headers: headers, timeout: 5)
        _ = try await HTTPClientWebhookTransport().post(url, connectingTo: nil, body: forged, headers: headers, timeout: 5)
        #expect(s.receiver.received.map(\.verdict) == [.valid, .mismatch])
    }

    @Test("two senders on one database at once (two connections, as two processes) never send a delivery twice")
    func concurrentPasses() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        let symbols = ["AAPL", "MSFT", "NVDA", "JPM", "XOM", "UNH", "CRM", "ORCL", "AMZN", "META", "GOOGL", "TSLA"]
        try await s.queue(symbols, model: spec)
        s.receiver.answer(.slow(.milliseconds(20)))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let other = try await StoreFactory.open(url: try DatabaseURL("sqlite:\(s.fixture.dir.path)/sc.sqlite"), logger: logger)
        defer { Task { await other.shutdown() } }
        var policy = Self.policy
        policy.batchSize = 5
        let a = s.worker(policy)
        let b = s.worker(policy, store: SQLDeliveryRepository(store: other))
        var claimed = 0
        var delivered = 0
        for _ in 0..<5 {
            async let x = a.runPass()
            async let y = b.runPass()
            let (p, q) = try await (x, y)
            claimed += p.claimed + q.claimed
            delivered += p.delivered + q.delivered
            if p.claimed + q.claimed == 0 { break }
        }
        #expect(claimed == symbols.count && delivered == symbols.count)
        let ids = s.receiver.received.compactMap(\.deliveryID)
        #expect(ids.count == symbols.count)
        #expect(Set(ids).count == symbols.count)
        #expect(try await s.rows().values.allSatisfy { $0.status == "delivered" && $0.attempts == 1 })
    }

    @Test("run(every:) keeps delivering until its task is cancelled")
    func loopStopsOnCancel() async throws {
        let (s, spec) = try await setup()
        defer { Task { await s.cleanup() } }
        let passes = Mutex(0)
        let worker = s.worker(Self.policy)
        let loop = Task { await worker.run(every: .milliseconds(20)) { _ in passes.withLock { $0 += 1 } } }
        try await s.queue(["AAPL"], model: spec)
        for _ in 0..<200 where s.receiver.received.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(s.receiver.received.count == 1)
        loop.cancel()
        await loop.value
        let stopped = passes.withLock { $0 }
        try await s.queue(["MSFT"], model: spec)
        try await Task.sleep(for: .milliseconds(100))
        #expect(passes.withLock { $0 } == stopped)
        #expect(s.receiver.received.count == 1)
    }
}
