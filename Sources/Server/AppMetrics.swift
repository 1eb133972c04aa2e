import Foundation
import Hummingbird
import Prometheus

/// Every metric name the server exports, in one place.
public enum MetricName {
    public static let httpRequests = "alertsai_http_requests_total"
    public static let httpDuration = "alertsai_http_request_duration_seconds"
    public static let storeUp = "alertsai_store_up"

    /// `alertsai_http_requests_total`, with its help line (a computed value: descriptors are not Sendable).
    static var httpRequestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "alertsai", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route and status")
    }

    /// `alertsai_http_request_duration_seconds`, with its help line.
    static var httpDurationDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "alertsai", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency by method and route")
    }
}

/// The server's Prometheus registry. `serve` also bootstraps swift-metrics with it, so library metrics
/// (alert volume, suppressions, precision@K) appear on `/metrics` too.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

/// Counts requests and times them, labelled by method, matched route and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = context.endpointPath ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            metrics.registry.makeCounter(descriptor: MetricName.httpRequestsDescriptor, labels: labels).increment()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.registry.makeDurationHistogram(
                descriptor: MetricName.httpDurationDescriptor, labels: [("method", request.method.rawValue), ("route", route)],
                buckets: [
                    .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
                    .milliseconds(500), .seconds(1), .seconds(5),
                ]
            ).record(.nanoseconds(Int64(seconds * 1e9)))
        }
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            status = Int(error.status.code)
            throw error
        }
    }
}
