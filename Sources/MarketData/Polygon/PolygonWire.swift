/// Polygon's aggregates response (`/v2/aggs/...`), as documented in shared/reference/polygon.md.
struct PolygonAggregatesPage: Decodable, Sendable {
    struct Result: Decodable, Sendable {
        var t: Int64
        var o: Double
        var h: Double
        var l: Double
        var c: Double
        var v: Double?
        var vw: Double?
        var n: Int?
    }

    var ticker: String?
    var status: String?
    var resultsCount: Int?
    var results: [Result]?
    var next_url: String?
    var error: String?
    var message: String?
}

/// Polygon's error body: `{"status": "ERROR", "error": "..."}`.
struct PolygonErrorBody: Decodable, Sendable {
    var status: String?
    var error: String?
    var message: String?
}
