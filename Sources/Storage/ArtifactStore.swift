import Crypto
import Foundation

/// Model files in an object store addressed by content: `artifacts://sha256/<hex>`, the same URI whichever store
/// (a directory, S3) holds the bytes. Asynchronous because a store may be across the network; the directory store's
/// methods stay synchronous and satisfy these.
public protocol ArtifactStore: Sendable {
    /// Stores bytes; returns their URI and SHA-256 digest. Storing the same bytes twice is a no-op.
    func put(_ data: Data) async throws -> (uri: String, digest: String)
    func get(uri: String) async throws -> Data
    /// Fails when the artifact is missing or its bytes do not hash to `digest`.
    func verify(uri: String, digest: String) async throws
}

/// The digest (64 hex digits) an `artifacts://sha256/<hex>` URI names.
func artifactDigest(of uri: String) throws(StorageError) -> String {
    let prefix = "artifacts://sha256/"
    guard uri.hasPrefix(prefix) else { throw .notFound("artifact URI '\(uri)' is not of the form \(prefix)<digest>") }
    let hex = String(uri.dropFirst(prefix.count))
    guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
        throw .notFound("artifact URI '\(uri)' has no valid digest")
    }
    return hex
}

/// An `ArtifactStore` in a directory (`artifacts.path`).
public struct DirectoryArtifactStore: ArtifactStore {
    public let root: URL

    public init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true)
    }

    public static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func file(for uri: String) throws -> URL {
        let hex = try artifactDigest(of: uri)
        return root.appendingPathComponent("sha256").appendingPathComponent(String(hex.prefix(2))).appendingPathComponent(hex + ".json")
    }

    public func put(_ data: Data) throws -> (uri: String, digest: String) {
        let digest = Self.digest(data)
        let uri = "artifacts://sha256/\(digest)"
        let url = try file(for: uri)
        if FileManager.default.fileExists(atPath: url.path) { return (uri, digest) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Write then rename, so a reader never sees half a file.
        let tmp = url.appendingPathExtension("tmp-\(UUID().uuidString)")
        try data.write(to: tmp)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: tmp, to: url)
        return (uri, digest)
    }

    public func get(uri: String) throws -> Data {
        let url = try file(for: uri)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StorageError.notFound("artifact \(uri) is missing from \(root.path)")
        }
        return data
    }

    public func verify(uri: String, digest: String) throws {
        let data = try get(uri: uri)
        let actual = Self.digest(data)
        guard actual == digest else {
            throw StorageError.conflict("artifact \(uri) is corrupt: its bytes hash to \(actual.prefix(12))…, the spec records \(digest.prefix(12))…")
        }
    }
}
