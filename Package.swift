// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// Numeric kernels are built with cross-module optimisation so that callers inline them.
let numericSettings: [SwiftSetting] =
    swiftSettings + [
        .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
    ]

let package = Package(
    name: "AlertsAI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "alertsai", targets: ["alertsai"]),
        .library(name: "AlertsCore", targets: ["AlertsCore"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Learning", targets: ["Learning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: libraries
        .target(name: "AlertsCore", swiftSettings: swiftSettings),
        .target(name: "Indicators", swiftSettings: numericSettings),
        .target(name: "Learning", swiftSettings: numericSettings),
        .target(
            name: "MarketData",
            dependencies: [
                "AlertsCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Features",
            dependencies: ["AlertsCore", "Indicators", "MarketData", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "AlertsCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Training",
            dependencies: ["AlertsCore", "Features", "Learning", "Storage", "MarketData", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Alerting",
            dependencies: [
                "AlertsCore", "Features", "Learning", "Storage", "MarketData", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "AlertsCore", "Storage", "Alerting", "Training", "Features", "MarketData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: the command
        .executableTarget(
            name: "alertsai",
            dependencies: [
                "AlertsCore", "Indicators", "MarketData", "Features", "Learning", "Training", "Alerting", "Storage", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: benchmarks (`swift run -c release bench-<name>`)
        .executableTarget(name: "bench-indicators", dependencies: ["Indicators"], path: "Benchmarks/indicators", swiftSettings: numericSettings),
        .executableTarget(name: "bench-learning", dependencies: ["Learning"], path: "Benchmarks/learning", swiftSettings: numericSettings),
        .executableTarget(
            name: "bench-features", dependencies: ["Features", "MarketData", "AlertsCore"], path: "Benchmarks/features",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "bench-training", dependencies: ["Training", "Storage", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/training", swiftSettings: swiftSettings),
        .executableTarget(
            name: "bench-scoring",
            dependencies: ["Alerting", "Learning", "Server", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/scoring", swiftSettings: numericSettings),
        .executableTarget(
            name: "bench-cohort",
            dependencies: [
                "Alerting", "AlertsCore", "Features", "Learning", "MarketData", "Storage", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/cohort", swiftSettings: swiftSettings),
        .executableTarget(
            name: "bench-marketdata", dependencies: ["MarketData", "AlertsCore"], path: "Benchmarks/marketdata", swiftSettings: swiftSettings),
        // MARK: tests
        // Shared by test targets: a user's webhook receiver on loopback, and a settable clock.
        .target(
            name: "TestSupport",
            dependencies: [
                "Alerting", "AlertsCore", "Storage", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "AlertsCoreTests", dependencies: ["AlertsCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "LearningTests", dependencies: ["Learning"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "MarketDataTests",
            dependencies: [
                "MarketData", "AlertsCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "MarketData", "Indicators", "AlertsCore"], swiftSettings: swiftSettings),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "AlertsCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TrainingTests",
            dependencies: [
                "Training", "AlertsCore", "Features", "Learning", "MarketData", "Storage", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlertingTests",
            dependencies: [
                "Alerting", "TestSupport", "AlertsCore", "Features", "Learning", "MarketData", "Storage", "Training",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "Features", "MarketData", "AlertsCore", "Alerting", "Learning", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
