import Foundation
import Hummingbird
import Logging
import Synchronization

@testable import MarketData

/// A Polygon stand-in on 127.0.0.1 (port 0): the aggregates endpoint in the real wire format, pagination through
/// `next_url` cursors, scripted failures (429 with Retry-After, 500) and key checks (403 for an expired key).
/// It counts every request it receives.
final class FakePolygonServer: Sendable {
    struct Scripted: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String
    }

    /// One request as received.
    struct Received: Sendable {
        var path: String
        var query: String
        var authorization: String?
    }

    struct State {
        var received: [Received] = []
        var script: [Scripted] = []
    }

    let validKey: String
    let pageSize: Int
    private let state = Mutex(State())

    init(validKey: String, pageSize: Int) {
        self.validKey = validKey
        self.pageSize = pageSize
    }

    var received: [Received] { state.withLock { $0.received } }
    var requestCount: Int { state.withLock { $0.received.count } }

    /// Responses served (in order) before normal answers resume.
    func script(_ responses: [Scripted]) { state.withLock { $0.script += responses } }

    /// The bar a ticker has on a day (deterministic, valid OHLC).
    static func bar(ticker: String, day: LocalDate) -> (o: Double, h: Double, l: Double, c: Double, v: Double) {
        let base = 100 + Double(day.dayNumber % 50) + Double(ticker.utf8.count)
        return (base, base + 2, base - 1, base + 0.5, Double(1_000_000 + day.dayNumber))
    }

    /// Midnight New York of `day`, computed with Foundation's calendar (independently of MarketData's calendars).
    static func midnightNewYork(_ day: LocalDate) -> Int64 {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "America/New_York")!
        let (y, m, d) = day.components
        let date = cal.date(from: DateComponents(year: y, month: m, day: d))!
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    func response(ticker: String, from: String, to: String, cursor: Int, baseURL: String) -> Response {
        guard let a = LocalDate(from), let b = LocalDate(to) else { return Self.json(400, #"{"status":"ERROR","error":"bad dates"}"#) }
        // Weekdays only, like a data vendor would (holidays are not its concern here).
        var days: [LocalDate] = []
        var d = a
        while d <= b {
            if !d.isWeekend && ExchangeMarketAdapter.us.calendar.session(on: d) != nil { days.append(d) }
            d = d.adding(days: 1)
        }
        let page = Array(days.dropFirst(cursor).prefix(pageSize))
        let results = page.map { day -> String in
            let x = Self.bar(ticker: ticker, day: day)
            return #"{"v":\#(x.v),"vw":\#(x.c),"o":\#(x.o),"c":\#(x.c),"h":\#(x.h),"l":\#(x.l),"t":\#(Self.midnightNewYork(day)),"n":1000}"#
        }
        var body = #"{"ticker":"\#(ticker)","queryCount":\#(page.count),"resultsCount":\#(page.count),"adjusted":true,"#
        if !results.isEmpty { body += #""results":[\#(results.joined(separator: ","))],"# }
        body += #""status":"OK","request_id":"fake","count":\#(page.count)"#
        if cursor + page.count < days.count {
            body += #","next_url":"\#(baseURL)/v2/aggs/ticker/\#(ticker)/range/1/day/\#(from)/\#(to)?cursor=\#(cursor + page.count)""#
        }
        return Self.json(200, body + "}")
    }

    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        if let retryAfter = headers["Retry-After"] { fields[.retryAfter] = retryAfter }
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Starts the server; returns its base URL and the task to cancel when done.
    func start() async throws -> (URL, Task<Void, any Error>) {
        let port = Mutex<Int?>(nil)
        let router = Router()
        let baseURL = Mutex("")
        router.get("/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to") { request, context -> Response in
            let ticker = context.parameters.get("ticker") ?? ""
            let auth = request.headers[.authorization]
            self.state.withLock {
                $0.received.append(Received(path: request.uri.path, query: request.uri.query ?? "", authorization: auth))
            }
            if let scripted = self.state.withLock({ $0.script.isEmpty ? nil : $0.script.removeFirst() }) {
                return Self.json(scripted.status, scripted.body, headers: scripted.headers)
            }
            guard let auth, auth.hasPrefix("Bearer ") else {
                return Self.json(401, #"{"status":"ERROR","error":"API Key was not provided"}"#)
            }
            let key = String(auth.dropFirst("Bearer ".count))
            guard key == self.validKey else {
                // Echo the key back, as some servers do, so the client's redaction is put to the test.
                return Self.json(403, #"{"status":"ERROR","error":"API key '\#(key)' is expired or unknown"}"#)
            }
            let cursor = Int(request.uri.queryParameters.get("cursor") ?? "0") ?? 0
            return self.response(
                ticker: ticker, from: context.parameters.get("from") ?? "", to: context.parameters.get("to") ?? "", cursor: cursor,
                baseURL: baseURL.withLock { $0 })
        }
        // Cancelling the server task at the end of a test is normal; keep its shutdown quiet.
        var logger = Logger(label: "fake-polygon")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<500 {
            if let p = port.withLock({ $0 }) {
                let url = "http://127.0.0.1:\(p)"
                baseURL.withLock { $0 = url }
                return (URL(string: url)!, task)
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        task.cancel()
        throw MarketDataError.invalidArgument("fake Polygon server did not start")
    }
}
