import AlertsCore
import Foundation
import Testing

@testable import MarketData

/// Presets, the resolver and its error messages.
@Suite struct UniverseTests {
    struct Store: WatchlistSource {
        func watchlist(id: String) async throws -> Watchlist? {
            id == "w1" ? Watchlist(id: "w1", name: "Mine", market: .eu, kind: .equity, symbols: ["SAP", "SIE", "SAP"]) : nil
        }
    }

    @Test func presetsHaveTheAdvertisedShape() {
        let mega = UniversePresets.usMega30
        #expect(mega.symbols.count == 30 && Set(mega.symbols).count == 30)
        #expect(mega.members.allSatisfy { $0.sector != nil })
        #expect(Set(mega.members.compactMap(\.sector)).count >= 8)
        #expect(UniversePresets.usETF10.symbols.count == 10 && UniversePresets.usETF10.kind == .etf)
        #expect(UniversePresets.fxMajors.market == .fx && UniversePresets.fxMajors.kind == .fx)
        #expect(UniversePresets.names == ["us-mega-30", "us-etf-10", "eu-demo", "in-demo", "fx-majors"])
    }

    @Test func resolvesPresetsWatchlistsAndLists() async throws {
        let resolver = UniverseResolver(watchlists: Store())
        let preset = try await resolver.resolve("preset:in-demo")
        #expect(preset.count == 10 && preset.allSatisfy { $0.market == .india && $0.sector != nil })
        let list = try await resolver.resolve("watchlist:w1")
        #expect(list.map(\.symbol) == ["SAP", "SIE"] && list.allSatisfy { $0.market == .eu })
        let explicit = try await resolver.resolve("aapl, MSFT,AAPL")
        #expect(explicit == [Instrument(symbol: "AAPL", market: .us, kind: .equity), Instrument(symbol: "MSFT", market: .us, kind: .equity)])
        #expect(try await resolver.resolve("EURUSD", market: .fx).first?.kind == .fx)
    }

    @Test func unknownNamesListTheKnownPresets() async {
        do {
            _ = try await UniverseResolver(watchlists: Store()).resolve("preset:us-mega-300")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "unknown preset 'us-mega-300'; known presets: us-mega-30, us-etf-10, eu-demo, in-demo, fx-majors")
        }
        do {
            _ = try await UniverseResolver(watchlists: Store()).resolve("watchlist:zz")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("unknown watchlist 'zz'; known presets: us-mega-30"))
        }
        await #expect(throws: MarketDataError.self) { try await UniverseResolver().resolve("watchlist:w1") }
        await #expect(throws: MarketDataError.self) { try await UniverseResolver().resolve(" , ") }
    }

    @Test("csv:* is every file of the CSV folder, sorted; without a CSV source it says what to set")
    func csvStarListsTheFolder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("md-universe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["MSFT.csv", "goog.csv", "AAPL.CSV", "notes.txt"] {
            try Data("date,open,high,low,close\n".utf8).write(to: dir.appendingPathComponent(name))
        }
        let all = try await UniverseResolver(csvPath: dir.path).resolve("csv:*")
        #expect(all.map(\.symbol) == ["AAPL", "GOOG", "MSFT"])
        #expect(all.allSatisfy { $0.market == .us && $0.kind == .equity })
        await #expect {
            try await UniverseResolver().resolve("csv:*")
        } throws: { "\($0)".contains("data.csv_path") }
    }
}
