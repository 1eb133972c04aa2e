import AlertsCore
import Foundation

/// Bars from Polygon's aggregates REST endpoint: pages followed through `next_url`, retries with exponential
/// backoff and jitter on 429/5xx (honouring `Retry-After`), completed sessions cached on disk, today's never.
public struct PolygonProvider: BarProvider {
    public let name = "polygon"
    public let config: PolygonConfig
    public let transport: any HTTPTransport
    public let clock: any WallClock
    /// Where completed sessions are kept; nil fetches everything every time.
    public let cache: BarCache?

    public init(
        config: PolygonConfig, transport: any HTTPTransport = HTTPClientTransport(), clock: any WallClock = SystemClock(),
        cache: BarCache? = nil
    ) {
        self.config = config
        self.transport = transport
        self.clock = clock
        self.cache = cache
    }

    public func bars(
        symbol: String, timeframe: Timeframe, market: Market, from: LocalDate, to: LocalDate, progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        guard !config.apiKey.isEmpty else {
            throw MarketDataError.invalidArgument("no Polygon API key: pass --polygon-api-key or set ALERTSAI_POLYGON_API_KEY")
        }
        guard from <= to else { throw MarketDataError.invalidArgument("from \(from) is after to \(to)") }
        let calendar = ExchangeMarketAdapter.of(market).calendar
        let now = clock.nowMillis
        let today = calendar.localDate(of: now)
        var parts: [BarSeries] = []

        // Completed sessions (dated before today in the market's zone): from the cache, fetching only the gaps.
        let lastCacheable = min(to, today.adding(days: -1))
        if from <= lastCacheable {
            if let cache {
                var entry =
                    try cache.load(source: name, market: market, timeframe: timeframe, symbol: symbol)
                    ?? BarCache.Entry(coverage: DateRangeSet(), series: BarSeries(symbol: symbol, timeframe: timeframe))
                let gaps = entry.coverage.missing(in: from...lastCacheable)
                for gap in gaps {
                    if try calendar.sessions(from: gap.lowerBound, to: gap.upperBound).isEmpty == false {
                        let fetched = try await fetch(
                            symbol: symbol, timeframe: timeframe, calendar: calendar, market: market, from: gap.lowerBound,
                            to: gap.upperBound, progress: progress)
                        entry.series = Self.merge(entry.series, fetched)
                    }
                    entry.coverage.insert(gap)
                }
                if !gaps.isEmpty { try cache.save(entry, source: name, market: market, timeframe: timeframe, symbol: symbol) }
                let range = calendar.instantRange(from: from, to: lastCacheable)
                parts.append(entry.series.between(from: range.lowerBound, to: range.upperBound))
            } else {
                parts.append(
                    try await fetch(
                        symbol: symbol, timeframe: timeframe, calendar: calendar, market: market, from: from, to: lastCacheable,
                        progress: progress))
            }
        }
        // Today's (still changing) session and anything later: always from the network, never stored.
        if to >= today {
            let start = max(from, today)
            if try !calendar.sessions(from: start, to: to).isEmpty {
                parts.append(
                    try await fetch(
                        symbol: symbol, timeframe: timeframe, calendar: calendar, market: market, from: start, to: to, progress: progress))
            }
        }
        let result = parts.reduce(BarSeries(symbol: symbol, timeframe: timeframe), Self.merge)
        if result.isEmpty {
            let closed = try calendar.sessions(from: from, to: to).contains { $0.close <= now }
            if closed {
                throw MarketDataError.noData(
                    symbol: symbol, timeframe: timeframe, from: from.description, to: to.description, source: "Polygon")
            }
        }
        progress?(FetchProgress(symbol: symbol, bars: result.count, fraction: 1))
        return result
    }

    /// Polygon's ticker for a symbol: FX pairs get the `C:` prefix.
    public static func ticker(for symbol: String, market: Market) -> String {
        let s = symbol.uppercased()
        return market == .fx && !s.contains(":") ? "C:" + s : s
    }

    /// `(multiplier, timespan)` of a timeframe in Polygon's terms.
    static func span(_ tf: Timeframe) -> (Int, String) {
        switch tf {
        case .m1: (1, "minute")
        case .m5: (5, "minute")
        case .m15: (15, "minute")
        case .m30: (30, "minute")
        case .h1: (1, "hour")
        case .d1: (1, "day")
        case .w1: (1, "week")
        }
    }

    /// All pages of one range, converted to our conventions (daily bars at the session open, intraday bars inside
    /// sessions only).
    func fetch(
        symbol: String, timeframe: Timeframe, calendar: ExchangeCalendar, market: Market, from: LocalDate, to: LocalDate,
        progress: FetchProgressHandler?
    ) async throws -> BarSeries {
        let ticker = Self.ticker(for: symbol, market: market)
        let (multiplier, timespan) = Self.span(timeframe)
        let rangeText = "\(timeframe.rawValue) \(from)…\(to)"
        let encodedTicker = ticker.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ticker
        let path = "/v2/aggs/ticker/\(encodedTicker)/range/\(multiplier)/\(timespan)/\(from)/\(to)"
        let query = "adjusted=\(config.adjusted)&sort=asc&limit=\(config.pageLimit)"
        guard var url = URL(string: config.baseURL.absoluteString.trimmingSuffix("/") + path + "?" + query) else {
            throw MarketDataError.invalidArgument("Polygon base URL \(config.baseURL) does not make a valid URL for \(ticker)")
        }

        let window = calendar.instantRange(from: from, to: to)
        var out = BarSeries(symbol: symbol, timeframe: timeframe)
        out.reserveCapacity(timeframe.isIntraday ? 1024 : 256)
        var pages = 0
        while true {
            let data = try await get(url, symbol: symbol, rangeText: rangeText, progress: progress)
            pages += 1
            let page: PolygonAggregatesPage
            do {
                page = try JSONDecoder().decode(PolygonAggregatesPage.self, from: data)
            } catch {
                throw MarketDataError.malformedResponse(symbol: symbol, detail: config.redact("page \(pages) of \(rangeText): \(error)"))
            }
            if page.status == "ERROR" {
                throw MarketDataError.requestFailed(
                    symbol: symbol, range: rangeText, status: 200, attempts: 1,
                    detail: config.redact(page.error ?? page.message ?? "Polygon answered status ERROR"))
            }
            for r in page.results ?? [] {
                guard r.o > 0, r.h > 0, r.l > 0, r.c > 0, r.o.isFinite, r.h.isFinite, r.l.isFinite, r.c.isFinite else { continue }
                let t: Int64
                switch timeframe {
                case .d1:
                    // Polygon stamps a daily bar at midnight New York of its session date.
                    t = calendar.openInstant(on: calendar.localDate(of: r.t))
                case .w1:
                    let start = calendar.localDate(of: r.t)
                    t = (try? calendar.sessions(from: start, to: start.adding(days: 6)).first?.open) ?? calendar.openInstant(on: start)
                default:
                    if config.regularHoursOnly && !calendar.isOpen(at: r.t) { continue }
                    t = r.t
                }
                guard window.contains(t), t > (out.timestamps.last ?? .min) else { continue }
                out.append(Bar(timestamp: t, open: r.o, high: r.h, low: r.l, close: r.c, volume: r.v ?? 0, vwap: r.vw))
            }
            let fraction = out.timestamps.last.map { Double($0 - window.lowerBound) / Double(max(1, window.upperBound - window.lowerBound)) }
            progress?(FetchProgress(symbol: symbol, bars: out.count, fraction: fraction.map { min(1, max(0, $0)) }))
            guard let next = page.next_url, !next.isEmpty else { break }
            guard let nextURL = URL(string: next, relativeTo: config.baseURL)?.absoluteURL else {
                throw MarketDataError.malformedResponse(symbol: symbol, detail: config.redact("next_url '\(next)' is not a URL"))
            }
            url = nextURL
        }
        return out
    }

    /// One GET with retries; returns the body of a 200.
    func get(_ url: URL, symbol: String, rangeText: String, progress: FetchProgressHandler?) async throws -> Data {
        // The key travels in a header, and only to the configured host (a next_url elsewhere gets no key).
        var headers = ["Accept": "application/json"]
        if url.host == config.baseURL.host && url.port == config.baseURL.port {
            headers["Authorization"] = "Bearer \(config.apiKey)"
        }
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await transport.get(url, headers: headers, timeout: config.requestTimeout)
            } catch {
                if error is CancellationError { throw error }
                let detail = config.redact("\(error.localizedDescription) for \(url.absoluteString)")
                guard attempt <= config.maxRetries else {
                    throw MarketDataError.requestFailed(symbol: symbol, range: rangeText, status: nil, attempts: attempt, detail: detail)
                }
                try await pause(backoff(attempt), symbol: symbol, note: "network error (\(detail))", progress: progress)
                continue
            }
            switch response.status {
            case 200:
                return response.body
            case 401, 403:
                let body = try? JSONDecoder().decode(PolygonErrorBody.self, from: response.body)
                let message = body?.error ?? body?.message ?? String(decoding: response.body.prefix(200), as: UTF8.self)
                throw MarketDataError.unauthorized(status: response.status, message: config.redact(message))
            case 429, 500...599:
                let detail = config.redact(String(decoding: response.body.prefix(200), as: UTF8.self))
                guard attempt <= config.maxRetries else {
                    throw MarketDataError.requestFailed(
                        symbol: symbol, range: rangeText, status: response.status, attempts: attempt, detail: detail.isEmpty ? "no body" : detail)
                }
                let wait = retryAfter(response.headers["retry-after"]) ?? backoff(attempt)
                try await pause(wait, symbol: symbol, note: "HTTP \(response.status)", progress: progress)
            default:
                let detail = config.redact(String(decoding: response.body.prefix(200), as: UTF8.self))
                throw MarketDataError.requestFailed(
                    symbol: symbol, range: rangeText, status: response.status, attempts: attempt,
                    detail: "\(detail.isEmpty ? "no body" : detail) (\(config.redact(url.absoluteString)))")
            }
        }
    }

    func pause(_ seconds: TimeInterval, symbol: String, note: String, progress: FetchProgressHandler?) async throws {
        progress?(FetchProgress(symbol: symbol, bars: 0, note: "\(note), retrying in \(String(format: "%.1f", seconds)) s"))
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so clients spread out.
    func backoff(_ attempt: Int) -> TimeInterval {
        let base = min(config.maxBackoff, config.initialBackoff * pow(2, Double(attempt - 1)))
        return base * (0.5 + 0.5 * Double.random(in: 0...1))
    }

    /// Seconds from a `Retry-After` value (delta-seconds or an HTTP date), capped.
    func retryAfter(_ value: String?) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return min(config.maxRetryAfter, max(0, seconds)) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = f.date(from: value) else { return nil }
        return min(config.maxRetryAfter, max(0, date.timeIntervalSince(clock.now())))
    }

    /// Bars of both series, oldest first; where both have a timestamp, `b` wins.
    static func merge(_ a: BarSeries, _ b: BarSeries) -> BarSeries {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var rows: [Int64: Bar] = [:]
        for bar in a.bars { rows[bar.timestamp] = bar }
        for bar in b.bars { rows[bar.timestamp] = bar }
        return BarSeries(symbol: a.symbol, timeframe: a.timeframe, bars: rows.keys.sorted().map { rows[$0]! })
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
