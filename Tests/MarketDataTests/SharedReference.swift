import Foundation
import Testing

/// Finds `shared/reference`: `ALERTSAI_SHARED_DIR` if set, else the first ancestor of this file with `shared/reference`.
enum SharedReference {
    static func directory() throws -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ALERTSAI_SHARED_DIR"], !env.isEmpty {
            let url = URL(fileURLWithPath: env).appendingPathComponent("reference")
            if fm.fileExists(atPath: url.path) { return url }
            let direct = URL(fileURLWithPath: env)
            if fm.fileExists(atPath: direct.appendingPathComponent("calendars").path) { return direct }
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/reference")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        Issue.record("shared/reference not found: set ALERTSAI_SHARED_DIR or clone with shared/ beside the repository")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Sessions of one reference calendar file as `(date, open, close)` strings.
    static func sessions(_ code: String) throws -> [(date: String, open: String, close: String)] {
        let url = try directory().appendingPathComponent("calendars/\(code).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let rows = try #require(object?["sessions"] as? [[String]], "\(code).json has no sessions array")
        return rows.map { ($0[0], $0[1], $0[2]) }
    }
}
