import MarketData
import Storage

/// MarketData's `WatchlistSource` over the store, so `watchlist:ID` universes resolve from `sc.watchlists`.
public struct StoredWatchlists: WatchlistSource {
    let store: any WatchlistStore

    public init(store: any WatchlistStore) {
        self.store = store
    }

    public func watchlist(id: String) async throws -> Watchlist? {
        try await store.watchlist(id: id).map { Watchlist(id: $0.id, name: $0.name, market: $0.market, kind: $0.kind, symbols: $0.symbols) }
    }
}
