import AlertsCore
import Foundation
import Storage
import Testing

/// Issue 18's stores: user settings (new keys), watchlists (change, delete, own only) and silences.
@Suite("trader controls in the store")
struct TraderControlsStoreTests {
    @Test("settings: every key round-trips; set() names the key of a bad value; null returns a key to the default", arguments: TestEngines.all)
    func settings(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let user = try await SQLUserStore(store: db.store).createUser(name: "ana", email: nil)
        var s = UserAlertSettings(userID: user.id)
        let values: [(String, JSONValue)] = [
            ("daily_budget", .number(1)), ("cooldown_bars", .number(3)), ("max_per_sector", .number(2)), ("max_per_direction", .number(4)),
            ("max_exposure", .number(0.5)), ("options_min_dte", .number(10)), ("options_max_dte", .number(45)), ("max_leverage", .number(4)),
            ("market_hours_only", .bool(true)), ("quiet_hours", .array([.string("22:00-07:00")])),
            ("alert_windows", .array([.string("09:30-16:00"), .string("18:00-19:00")])), ("time_zone", .string("America/New_York")),
            ("min_expected_return_pct", .number(0.25)),
        ]
        #expect(values.map(\.0) == UserAlertSettings.keys)
        for (k, v) in values { try s.set(k, v) }
        let store = SQLUserSettingsStore(store: db.store)
        try await store.save(s)
        let back = try #require(try await store.settings(userID: user.id))
        #expect(back == s)
        #expect(back.quietHours?.map(\.description) == ["22:00-07:00"] && back.timeZone == "America/New_York")
        for (k, v) in values { #expect(back.wire[k] == v, "\(k)") }
        try s.set("quiet_hours", .null)
        try s.set("daily_budget", .null)
        try await store.save(s)
        let cleared = try #require(try await store.settings(userID: user.id))
        #expect(cleared.quietHours == nil && cleared.dailyBudget == nil && cleared.cooldownBars == 3)

        let bad: [(String, JSONValue)] = [
            ("daily_budget", .number(-1)), ("daily_budget", .number(1.5)), ("daily_budget", .string("x")), ("max_exposure", .number(0)),
            ("market_hours_only", .number(1)), ("quiet_hours", .array([.string("25:00-07:00")])), ("quiet_hours", .string("22:00-07:00")),
            ("alert_windows", .array([.string("09:30-09:30")])), ("time_zone", .string("Mars/Olympus")), ("min_expected_return_pct", .number(-500)),
            ("budget", .number(1)),
        ]
        for (k, v) in bad {
            var t = s
            #expect {
                try t.set(k, v)
            } throws: { error in
                guard case StorageError.constraint(let m) = error else { return false }
                return m.hasPrefix("\(k):")
            }
        }
        var inverted = s
        try inverted.set("options_min_dte", .number(50))
        await #expect(throws: StorageError.self) { try await store.save(inverted) }
        #expect(try await store.settings(userID: user.id) == cleared, "a refused save leaves what was stored")
    }

    @Test("a window over midnight contains the small hours; windows parse only as HH:MM-HH:MM")
    func windows() throws {
        let night = try #require(DailyWindow("22:00-07:00"))
        #expect(night.contains(minuteOfDay: 23 * 60) && night.contains(minuteOfDay: 6 * 60 + 59) && !night.contains(minuteOfDay: 7 * 60))
        let day = try #require(DailyWindow("09:30-16:00"))
        #expect(day.contains(minuteOfDay: 9 * 60 + 30) && !day.contains(minuteOfDay: 16 * 60) && !day.contains(minuteOfDay: 3 * 60))
        #expect(DailyWindow("20:00-24:00")?.contains(minuteOfDay: 23 * 60 + 59) == true)
        for text in ["9:30-16:00", "09:30", "09:60-10:00", "24:00-01:00", "10:00-10:00", "aa:bb-cc:dd"] {
            #expect(DailyWindow(text) == nil, "\(text)")
        }
    }

    @Test("watchlists: rename, replace symbols, delete — only the owner's; names unique per user", arguments: TestEngines.all)
    func watchlists(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let ana = try await users.createUser(name: "ana", email: nil)
        let bob = try await users.createUser(name: "bob", email: nil)
        let lists = SQLWatchlistStore(store: db.store)
        let chips = try await lists.create(userID: ana.id, name: "chips", market: .us, kind: .equity, symbols: ["nvda", " AMD", "NVDA"])
        #expect(chips.symbols == ["NVDA", "AMD"])
        await #expect(throws: StorageError.self) {
            _ = try await lists.create(userID: ana.id, name: "chips", market: .us, kind: .equity, symbols: ["AAPL"])
        }
        // Another user may use the same name.
        _ = try await lists.create(userID: bob.id, name: "chips", market: .us, kind: .equity, symbols: ["INTC"])
        await #expect(throws: StorageError.notFound("no watchlist '\(chips.id)' of yours")) {
            _ = try await lists.update(id: chips.id, userID: bob.id, name: "mine", symbols: nil)
        }
        await #expect(throws: StorageError.notFound("no watchlist '\(chips.id)' of yours")) { try await lists.delete(id: chips.id, userID: bob.id) }
        let changed = try await lists.update(id: chips.id, userID: ana.id, name: "semis", symbols: ["NVDA", "AVGO"])
        #expect(changed.name == "semis" && changed.symbols == ["NVDA", "AVGO"])
        #expect(try await lists.watchlist(id: chips.id) == changed)
        for bad in [[String](), ["A B"], [String(repeating: "X", count: 25)]] {
            await #expect(throws: StorageError.self) { _ = try await lists.update(id: chips.id, userID: ana.id, name: nil, symbols: bad) }
        }
        #expect(try await lists.watchlist(id: chips.id) == changed, "refused changes leave it as it was")
        try await lists.delete(id: chips.id, userID: ana.id)
        #expect(try await lists.watchlist(id: chips.id) == nil)
        #expect(try await lists.watchlists(userID: bob.id).count == 1)
    }

    @Test("silences: in force by window and audience; expire ends one now; a silence needs a matcher", arguments: TestEngines.all)
    func silences(engine: DatabaseEngine) async throws {
        let db = try await TestDatabase.make(engine)
        defer { Task { await db.cleanup() } }
        let users = SQLUserStore(store: db.store)
        let ana = try await users.createUser(name: "ana", email: nil)
        let bob = try await users.createUser(name: "bob", email: nil)
        let store = SQLSilenceStore(store: db.store)
        let mine = try await store.create(Silence(userID: ana.id, createdBy: ana.id, symbol: "TSLA", startsAt: 1000, endsAt: 5000))
        let everyone = try await store.create(
            Silence(userID: nil, createdBy: "service:ops", modelName: "swing", regime: "high_vol", startsAt: 2000, endsAt: 9000, comment: "CPI"))
        #expect(try await store.inForce(userID: ana.id, at: 1500).map(\.id) == [mine.id])
        #expect(Set(try await store.inForce(userID: ana.id, at: 2500).map(\.id)) == [mine.id, everyone.id])
        #expect(try await store.inForce(userID: bob.id, at: 2500).map(\.id) == [everyone.id])
        #expect(try await store.inForce(userID: nil, at: 2500).map(\.id) == [everyone.id])
        #expect(try await store.inForce(userID: ana.id, at: 9000).isEmpty, "the end is excluded")
        #expect(Set(try await store.silences(visibleTo: bob.id, activeAt: nil).map(\.id)) == [everyone.id])
        #expect(try await store.silences(visibleTo: nil, activeAt: nil).count == 2)
        let ended = try await store.expire(id: everyone.id, at: 3000)
        #expect(ended.endsAt == 3000 && ended.comment == "CPI")
        #expect(try await store.inForce(userID: bob.id, at: 3500).isEmpty)
        for bad in [
            Silence(userID: nil, createdBy: "x", startsAt: 0, endsAt: 10),
            Silence(userID: nil, createdBy: "x", symbol: "A", startsAt: 10, endsAt: 10),
            Silence(userID: nil, createdBy: "x", regime: "stormy", startsAt: 0, endsAt: 10),
        ] {
            await #expect(throws: StorageError.self) { _ = try await store.create(bad) }
        }
        #expect(try await store.silences(visibleTo: nil, activeAt: nil).count == 2)
        await #expect(throws: StorageError.self) { _ = try await store.expire(id: "nope", at: 0) }
    }
}
