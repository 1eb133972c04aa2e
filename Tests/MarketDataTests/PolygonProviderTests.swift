import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// The Polygon provider over real HTTP against `FakePolygonServer` on loopback.
@Suite(.serialized) struct PolygonProviderTests {
    static let key = "good-key-4f9a"

    func withServer(pageSize: Int = 1000, _ body: (FakePolygonServer, URL) async throws -> Void) async throws {
        let server = FakePolygonServer(validKey: Self.key, pageSize: pageSize)
        let (url, task) = try await server.start()
        defer { task.cancel() }
        try await body(server, url)
    }

    func provider(_ url: URL, key: String = Self.key, now: String = "2024-08-01T16:00:00Z", cache: BarCache? = nil) -> PolygonProvider {
        var config = PolygonConfig(apiKey: key, baseURL: url)
        config.initialBackoff = 0.01
        config.maxBackoff = 0.05
        config.maxRetries = 3
        config.requestTimeout = 5
        guard case .instant(let t) = Timestamps.parse(now) else { fatalError("bad test instant \(now)") }
        return PolygonProvider(config: config, clock: FixedClock(Date(timeIntervalSince1970: Double(t) / 1000)), cache: cache)
    }

    func tempCache() -> (BarCache, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-cache-\(UUID().uuidString)")
        return (BarCache(directory: dir), dir)
    }

    let us = ExchangeMarketAdapter.us.calendar

    @Test func followsPaginationAndPlacesDailyBarsAtTheSessionOpen() async throws {
        try await withServer(pageSize: 40) { server, url in
            let from = LocalDate(2024, 1, 1)
            let to = LocalDate(2024, 6, 30)
            let bars = try await provider(url).bars(symbol: "AAPL", timeframe: .d1, market: .us, from: from, to: to)
            let sessions = try us.sessions(from: from, to: to)
            #expect(bars.count == sessions.count)
            #expect(Array(bars.timestamps) == sessions.map(\.open))
            let expectedPages = (sessions.count + 39) / 40
            #expect(server.requestCount == expectedPages)
            #expect(server.received.first?.path == "/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-06-30")
            #expect(server.received.dropFirst().allSatisfy { $0.query.contains("cursor=") })
            #expect(server.received.allSatisfy { !$0.query.contains(Self.key) && $0.authorization == "Bearer \(Self.key)" })
            let first = FakePolygonServer.bar(ticker: "AAPL", day: LocalDate(2024, 1, 2))
            #expect(bars.close[0] == first.c && bars.high[0] == first.h && bars.volume[0] == first.v)
        }
    }

    @Test func retriesAfter429HonouringRetryAfter() async throws {
        try await withServer { server, url in
            server.script([.init(status: 429, headers: ["Retry-After": "0"], body: #"{"status":"ERROR","error":"rate limit"}"#)])
            let bars = try await provider(url).bars(
                symbol: "MSFT", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 1), to: LocalDate(2024, 3, 31))
            #expect(bars.count == 20)
            #expect(server.requestCount == 2)
        }
    }

    @Test func retriesAfter500ThenSucceeds() async throws {
        try await withServer { server, url in
            server.script([.init(status: 500, body: "internal error"), .init(status: 503, body: "")])
            let bars = try await provider(url).bars(
                symbol: "MSFT", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 1), to: LocalDate(2024, 3, 31))
            #expect(bars.count == 20)
            #expect(server.requestCount == 3)
        }
    }

    @Test func givesUpOnPersistent5xxNamingTickerAndRange() async throws {
        try await withServer { server, url in
            server.script(Array(repeating: .init(status: 502, body: "bad gateway"), count: 10))
            do {
                _ = try await provider(url).bars(symbol: "NVDA", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 1), to: LocalDate(2024, 3, 31))
                Issue.record("expected a failure")
            } catch {
                let message = "\(error)"
                #expect(message.contains("NVDA") && message.contains("2024-03-01") && message.contains("502"), "\(message)")
                #expect(message.contains("4 attempts"), "\(message)")
            }
            #expect(server.requestCount == 4)  // first try + 3 retries
        }
    }

    @Test func expiredKeyGives403WithoutTheKey() async throws {
        let expired = "expired-key-77c1"
        try await withServer { server, url in
            do {
                _ = try await provider(url, key: expired).bars(
                    symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 1), to: LocalDate(2024, 3, 31))
                Issue.record("expected a 403")
            } catch let error as MarketDataError {
                guard case .unauthorized(let status, _) = error else {
                    Issue.record("expected .unauthorized, got \(error)")
                    return
                }
                #expect(status == 403)
                #expect(!error.description.contains(expired), "\(error)")
                #expect(error.description.contains("API key"), "\(error)")
            }
            #expect(server.requestCount == 1)  // no retries on an auth failure
        }
    }

    @Test func secondFetchOfAClosedRangeComesFromTheCache() async throws {
        let (cache, dir) = tempCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withServer(pageSize: 50) { server, url in
            let p = provider(url, cache: cache)
            let first = try await p.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 6, 30))
            let afterFirst = server.requestCount
            #expect(afterFirst == 3)
            let second = try await p.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 6, 30))
            #expect(server.requestCount == afterFirst)
            #expect(second == first)
            // A sub-range is served from the cache too.
            let march = try await p.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 1), to: LocalDate(2024, 3, 31))
            #expect(march.count == 20)
            #expect(server.requestCount == afterFirst)
        }
    }

    @Test func todaysSessionIsNeverCached() async throws {
        let (cache, dir) = tempCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withServer { server, url in
            // 2024-06-28 15:00 New York: that session is still trading.
            let p = provider(url, now: "2024-06-28T19:00:00Z", cache: cache)
            let bars = try await p.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 6, 1), to: LocalDate(2024, 6, 28))
            #expect(bars.count == 19)
            #expect(
                server.received.map(\.path) == [
                    "/v2/aggs/ticker/AAPL/range/1/day/2024-06-01/2024-06-27", "/v2/aggs/ticker/AAPL/range/1/day/2024-06-28/2024-06-28",
                ])
            let entry = try #require(try cache.load(source: "polygon", market: .us, timeframe: .d1, symbol: "AAPL"))
            #expect(entry.coverage.ranges == [LocalDate(2024, 6, 1)...LocalDate(2024, 6, 27)])
            let todayOpen = try #require(us.session(on: LocalDate(2024, 6, 28))).open
            #expect(!entry.series.timestamps.contains(todayOpen))
            #expect(entry.series.count == 18)
            // Asking again refetches only today.
            _ = try await p.bars(symbol: "AAPL", timeframe: .d1, market: .us, from: LocalDate(2024, 6, 1), to: LocalDate(2024, 6, 28))
            #expect(server.requestCount == 3)
            #expect(server.received.last?.path == "/v2/aggs/ticker/AAPL/range/1/day/2024-06-28/2024-06-28")
        }
    }

    @Test func partialCacheFetchesOnlyTheMissingRange() async throws {
        let (cache, dir) = tempCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withServer { server, url in
            let p = provider(url, cache: cache)
            _ = try await p.bars(symbol: "MSFT", timeframe: .d1, market: .us, from: LocalDate(2024, 2, 1), to: LocalDate(2024, 3, 31))
            #expect(server.requestCount == 1)
            let wide = try await p.bars(symbol: "MSFT", timeframe: .d1, market: .us, from: LocalDate(2024, 1, 1), to: LocalDate(2024, 5, 31))
            #expect(
                server.received.dropFirst().map(\.path) == [
                    "/v2/aggs/ticker/MSFT/range/1/day/2024-01-01/2024-01-31", "/v2/aggs/ticker/MSFT/range/1/day/2024-04-01/2024-05-31",
                ])
            #expect(wide.count == (try us.sessions(from: LocalDate(2024, 1, 1), to: LocalDate(2024, 5, 31))).count)
            #expect(zip(wide.timestamps, wide.timestamps.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func emptyResultsAreAClearError() async throws {
        try await withServer { server, url in
            // A Saturday-to-Sunday request has no sessions, but a week with no data is an error naming the symbol.
            let empty = #"{"ticker":"ZZZZ","queryCount":0,"resultsCount":0,"adjusted":true,"status":"OK","request_id":"x","count":0}"#
            server.script([.init(status: 200, body: empty)])
            await #expect(throws: MarketDataError.noData(symbol: "ZZZZ", timeframe: .d1, from: "2024-03-04", to: "2024-03-08", source: "Polygon")) {
                _ = try await provider(url).bars(symbol: "ZZZZ", timeframe: .d1, market: .us, from: LocalDate(2024, 3, 4), to: LocalDate(2024, 3, 8))
            }
        }
    }

    @Test func redactionCoversKeysInUrlsAndText() {
        let config = PolygonConfig(apiKey: "s3cret", baseURL: URL(string: "http://x")!)
        let text = config.redact("GET http://x/v2/aggs?apiKey=s3cret&limit=5 failed: key s3cret; apikey=other")
        #expect(!text.contains("s3cret") && !text.contains("other"), "\(text)")
        #expect(text.contains("limit=5"))
    }
}
