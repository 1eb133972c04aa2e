import AlertsCore
import Foundation
import MarketData

/// The body of `POST /indicator_sets/auto_build`: symbols, timeframe, market, and a feature set or a strategy.
public struct AutoBuildRequest: Sendable, Hashable, Codable {
    public var symbols: [String]
    public var timeframe: Timeframe
    public var market: Market
    /// A feature set reference (`core-daily`, `core-daily@v1`); exactly one of `set` and `strategy`.
    public var set: String?
    /// A strategy reference; its feature set is used and its entry condition evaluated on the latest bar.
    public var strategy: String?

    public init(symbols: [String], timeframe: Timeframe = .d1, market: Market = .us, set: String? = nil, strategy: String? = nil) {
        self.symbols = symbols
        self.timeframe = timeframe
        self.market = market
        self.set = set
        self.strategy = strategy
    }

    enum CodingKeys: String, CodingKey { case symbols, timeframe, market, set, strategy }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbols = try c.decode([String].self, forKey: .symbols)
        timeframe = try c.decodeIfPresent(Timeframe.self, forKey: .timeframe) ?? .d1
        market = try c.decodeIfPresent(Market.self, forKey: .market) ?? .us
        set = try c.decodeIfPresent(String.self, forKey: .set)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
    }
}

/// The answer of auto_build: the set (name, version, feature order) and one result per requested symbol.
public struct AutoBuildResponse: Sendable, Hashable, Codable {
    public var featureSet: FeatureSetRef
    public var strategy: String?
    public var timeframe: Timeframe
    public var market: Market
    /// The instant the bars were cut at (only bars closed by then were used).
    public var asOf: Date
    public var results: [SymbolFeatures]

    enum CodingKeys: String, CodingKey {
        case strategy, timeframe, market, results
        case featureSet = "feature_set"
        case asOf = "as_of"
    }
}

/// One symbol's latest features, or why there are none.
public struct SymbolFeatures: Sendable, Hashable, Codable {
    public var symbol: String
    /// Start of the last closed bar (ISO-8601 UTC).
    public var barTime: String?
    /// Feature → value; null where a value is not a number.
    public var features: [String: Double?]?
    /// Whether the strategy's entry condition holds on that bar (strategies only).
    public var entry: Bool?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case symbol, features, entry, error
        case barTime = "bar_time"
    }
}

/// Latest feature vectors for many symbols at once: the logic of `POST /indicator_sets/auto_build`.
///
/// Errors for the whole request are typed (`FeatureError.tooManySymbols` → 413, `.unknownFeatureSet` /
/// `.unknownStrategy` → 404, `.invalidRequest` → 400); a symbol that fails gets an `error` in its result instead.
public struct FeatureService: Sendable {
    public let source: BarFeatureSource
    /// Most symbols one request may name.
    public let maxSymbols: Int
    /// Symbols computed at the same time.
    public let concurrency: Int

    public init(source: BarFeatureSource, maxSymbols: Int = 200, concurrency: Int = 8) {
        self.source = source
        self.maxSymbols = maxSymbols
        self.concurrency = max(1, concurrency)
    }

    public func autoBuild(_ request: AutoBuildRequest) async throws -> AutoBuildResponse {
        let symbols = request.symbols.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !symbols.isEmpty, !symbols.contains(where: \.isEmpty) else {
            throw FeatureError.invalidRequest("symbols must be a non-empty list of non-empty symbols")
        }
        guard symbols.count <= maxSymbols else { throw FeatureError.tooManySymbols(count: symbols.count, limit: maxSymbols) }
        let set: FeatureSet
        let strategy: ResolvedStrategy?
        switch (request.set, request.strategy) {
        case (let s?, nil):
            set = try await source.catalog.resolveFeatureSet(s)
            strategy = nil
        case (nil, let s?):
            let resolved = try await source.catalog.resolveStrategy(s)
            strategy = resolved
            set = resolved.featureSet
        default:
            throw FeatureError.invalidRequest("give exactly one of 'set' and 'strategy'")
        }
        let asOf = source.clock.now()
        let results = try await withThrowingTaskGroup(of: (Int, SymbolFeatures).self) { group in
            var out = [SymbolFeatures?](repeating: nil, count: symbols.count)
            var next = 0
            func launch() {
                guard next < symbols.count else { return }
                let i = next
                next += 1
                group.addTask { (i, await one(symbols[i], request: request, set: set, strategy: strategy)) }
            }
            for _ in 0..<min(concurrency, symbols.count) { launch() }
            while let (i, r) = try await group.next() {
                out[i] = r
                launch()
            }
            return out.map { $0! }
        }
        return AutoBuildResponse(
            featureSet: set.ref, strategy: strategy?.definition.reference, timeframe: request.timeframe, market: request.market,
            asOf: asOf, results: results)
    }

    func one(_ symbol: String, request: AutoBuildRequest, set: FeatureSet, strategy: ResolvedStrategy?) async -> SymbolFeatures {
        do {
            let (frame, vector) = try await source.latest(symbol: symbol, timeframe: request.timeframe, market: request.market, set: set)
            let features = Dictionary(uniqueKeysWithValues: zip(vector.names, vector.values.map { $0.isFinite ? Optional($0) : nil }))
            let entry = try strategy.map { s throws(FeatureError) in try frame.evaluate(s.entry).last == 1 }
            return SymbolFeatures(
                symbol: symbol, barTime: Timestamps.iso8601(vector.timestamp), features: features, entry: entry, error: nil)
        } catch {
            return SymbolFeatures(symbol: symbol, barTime: nil, features: nil, entry: nil, error: "\(error)")
        }
    }
}
