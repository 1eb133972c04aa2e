import Foundation
import Synchronization

/// An `ArtifactStore` in an S3 bucket (`artifacts.url = s3://bucket/prefix`): `artifacts://sha256/<hex>` is the object
/// `<prefix>/sha256/<hex[0..2]>/<hex>.json`, the directory store's layout. Every read re-hashes the bytes against the
/// digest in the key, so an object changed in the bucket is refused, never served.
public struct S3ArtifactStore: ArtifactStore {
    public let client: S3Client
    let counters = Counters()

    /// PutObject requests made (a put of bytes already stored makes none).
    public var uploads: Int { counters.uploads.load(ordering: .relaxed) }

    final class Counters: Sendable {
        let uploads = Atomic<Int>(0)
    }

    public init(client: S3Client) {
        self.client = client
    }

    public init(location: S3Location) {
        client = S3Client(location: location)
    }

    public var location: S3Location { client.location }

    /// The object key of `uri`, prefix included.
    public func key(for uri: String) throws(StorageError) -> String {
        let hex = try artifactDigest(of: uri).lowercased()
        return location.key("sha256/\(hex.prefix(2))/\(hex).json")
    }

    public func put(_ data: Data) async throws -> (uri: String, digest: String) {
        let digest = DirectoryArtifactStore.digest(data)
        let uri = "artifacts://sha256/\(digest)"
        let key = try self.key(for: uri)
        do {
            // Content-addressed: an object of the right size under the digest's key is these bytes (reads check it).
            if let found = try await headIfAllowed(key), found.size == data.count { return (uri, digest) }
            try await client.putObject(key: key, data: data, contentType: "application/json")
            counters.uploads.add(1, ordering: .relaxed)
        } catch {
            throw StorageError.artifacts("storing \(uri): \(error)")
        }
        return (uri, digest)
    }

    /// HeadObject of `key`; a 400 or 403 (a HEAD answer has no body to say why) is nil, so that the PutObject that
    /// follows fails with S3's own error code (`AccessDenied`, `SignatureDoesNotMatch`, …).
    func headIfAllowed(_ key: String) async throws(S3Error) -> S3Client.ObjectInfo? {
        do throws(S3Error) {
            return try await client.headObject(key: key)
        } catch {
            if error.status == 400 || error.status == 403 { return nil }
            throw error
        }
    }

    public func get(uri: String) async throws -> Data {
        let key = try self.key(for: uri)
        let expected = try artifactDigest(of: uri).lowercased()
        let data: Data
        do throws(S3Error) {
            data = try await client.getObject(key: key)
        } catch {
            if error.code == "NoSuchKey" || (error.status == 404 && error.code != "NoSuchBucket") {
                throw StorageError.notFound("artifact \(uri) is missing from \(location.url) (no object s3://\(location.bucket)/\(key))")
            }
            throw StorageError.artifacts("reading \(uri): \(error)")
        }
        let actual = DirectoryArtifactStore.digest(data)
        guard actual == expected else {
            throw StorageError.conflict(
                "artifact \(uri) is corrupt in S3: s3://\(location.bucket)/\(key) hashes to \(actual.prefix(12))…, its key names "
                    + "\(expected.prefix(12))…; refusing to use it (store the artifact again, e.g. by retraining)")
        }
        return data
    }

    public func verify(uri: String, digest: String) async throws {
        let data = try await get(uri: uri)
        let actual = DirectoryArtifactStore.digest(data)
        guard actual == digest else {
            throw StorageError.conflict("artifact \(uri) is corrupt: its bytes hash to \(actual.prefix(12))…, the spec records \(digest.prefix(12))…")
        }
    }
}
