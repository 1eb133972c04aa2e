import AlertsCore
import Foundation
import Logging
import MarketData
import Storage

/// Queues one `alert_run` per schedule and closed bar, and the outcome resolution that falls due with it.
///
/// Daily (and weekly) models run after each session close by the market's calendar; hourly ones after each bar close.
/// Every `serve` and `worker` ticks it, but one acts at a time: the `scheduler` lease in `sc.leases`, held for
/// `leaseMillis` and renewed by the holder's next tick. The jobs' unique keys make a second enqueue of the same bar a
/// no-op anyway, so two schedulers acting at once (a lease lost mid-tick) still queue each bar once.
public struct AlertScheduler: Sendable {
    public let store: any Store
    public var leaseMillis: Int64
    let logger: Logger
    let now: @Sendable () -> Int64

    public init(
        store: any Store, leaseMillis: Int64 = 120_000, logger: Logger = Logger(label: "alertsai.scheduler"),
        now: @escaping @Sendable () -> Int64 = { Clock.nowMillis() }
    ) {
        self.store = store
        self.leaseMillis = leaseMillis
        self.logger = logger
        self.now = now
    }

    /// What one tick queued.
    public struct Tick: Sendable, Hashable {
        /// False when another process holds the scheduler lease (this tick did nothing).
        public var acted: Bool
        /// Alert runs queued now (schedule id → as_of).
        public var alertRuns: [String: Int64] = [:]
        public var outcomeResolutions: [Int64] = []
        /// Schedules that could not be planned (schedule id → why).
        public var problems: [String: String] = [:]
    }

    /// The end (ms UTC) of the last bar of `timeframe` closed at `t` on `calendar`; nil before the calendar's first session.
    public static func lastClosedBar(_ timeframe: Timeframe, calendar: ExchangeCalendar, at t: Int64) -> Int64? {
        if timeframe.isIntraday, let session = calendar.session(containing: t) {
            let step = Int64(timeframe.seconds) * 1000
            let ends = calendar.barStarts(of: session, timeframe: timeframe).map { min($0 + step, session.close) }.filter { $0 <= t }
            if let last = ends.last { return last }
        }
        return calendar.previousSession(before: t)?.close
    }

    public func tick(owner: String) async throws -> Tick {
        let at = now()
        let queue = SQLJobQueue(store: store)
        guard try await queue.acquireLease(name: "scheduler", owner: owner, until: at + leaseMillis, now: at) else {
            return Tick(acted: false)
        }
        var tick = Tick(acted: true)
        let schedules = SQLScheduleStore(store: store)
        let registry = SQLModelRegistry(store: store)
        let resolver = UniverseResolver(watchlists: StoredWatchlists(store: SQLWatchlistStore(store: store)))
        var resolutions = Set<Int64>()
        for s in try await schedules.schedules(includePaused: false) {
            do {
                let spec: ModelSpec
                if let model = s.modelName {
                    spec = try await registry.published(name: model)
                } else {
                    let pack = try await registry.pack(name: s.packName ?? "")
                    guard let first = pack.components.keys.sorted().first, let id = pack.components[first] else {
                        throw JobError.failed("pack '\(pack.name)' has no component")
                    }
                    spec = try await registry.spec(id: id)
                }
                let market = try await resolver.resolve(s.universe).first?.market ?? .us
                let calendar = ExchangeMarketAdapter.of(market).calendar
                guard let asOf = Self.lastClosedBar(spec.labelCfg.timeframe, calendar: calendar, at: at) else { continue }
                if let last = s.lastEnqueuedAsOf, last >= asOf { continue }
                let job = AlertRunJob(
                    model: s.modelName, pack: s.packName, universe: s.universe, userID: s.userID, asOf: asOf, scheduleID: s.id,
                    cohort: s.cohort)
                if try await queue.enqueue(
                    kind: JobKind.alertRun.rawValue, payload: try JobJSON.encode(job), uniqueKey: job.uniqueKey, stream: job.stream,
                    streamOrder: job.asOf, runAfter: at, maxAttempts: 5,
                    now: at) != nil
                {
                    tick.alertRuns[s.id] = asOf
                }
                try await schedules.markEnqueued(id: s.id, asOf: asOf)
                resolutions.insert(asOf)
            } catch {
                tick.problems[s.id] = "\(error)"
                logger.warning("schedule \(s.id) (\(s.targetText) on \(s.universe)): \(error)")
            }
        }
        // After each close, the alerts whose hold has ended by then are resolved (one job per close, whoever queues it).
        for asOf in resolutions.sorted() {
            let payload = try JobJSON.encode(OutcomeResolutionJob(asOf: asOf))
            if try await queue.enqueue(
                kind: JobKind.outcomeResolution.rawValue, payload: payload, uniqueKey: "outcome_resolution|\(asOf)", runAfter: at,
                maxAttempts: 5, now: at) != nil
            {
                tick.outcomeResolutions.append(asOf)
            }
        }
        return tick
    }
}
