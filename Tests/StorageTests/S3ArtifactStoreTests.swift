import Foundation
import Storage
import TestSupport
import Testing

/// `S3ArtifactStore` against moto's S3 server (started by `MotoServer`, credentials checked by moto's IAM).
@Suite("S3 artifact store on moto")
struct S3ArtifactStoreTests {
    static func bytes(_ text: String = "model-\(UUID().uuidString)") -> Data {
        Data(#"{"format":"test","payload":"\#(text)"}"#.utf8)
    }

    @Test("put then get returns the bytes under artifacts://sha256/<digest>, and verify passes")
    func roundTrip() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let store = S3ArtifactStore(location: moto.location())
        let data = Self.bytes()
        let (uri, digest) = try await store.put(data)
        #expect(uri == "artifacts://sha256/\(digest)")
        #expect(digest == DirectoryArtifactStore.digest(data))
        #expect(try await store.get(uri: uri) == data)
        try await store.verify(uri: uri, digest: digest)
        // The object sits where the layout says: <prefix>/sha256/<2>/<hex>.json.
        let key = try store.key(for: uri)
        #expect(key == "\(store.location.prefix)/sha256/\(digest.prefix(2))/\(digest).json")
        #expect(try await store.client.headObject(key: key)?.size == data.count)
        // Through the protocol, as the server and commands use it.
        let any: any ArtifactStore = store
        #expect(try await any.get(uri: uri) == data)
    }

    @Test("the same bytes stored twice are one object, uploaded once")
    func sameBytesTwice() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let store = S3ArtifactStore(location: moto.location())
        let data = Self.bytes()
        let first = try await store.put(data)
        let second = try await store.put(data)
        #expect(first == second)
        #expect(store.uploads == 1)
        // Another store on the same prefix (another machine) finds it too and uploads nothing.
        let other = S3ArtifactStore(location: store.location)
        #expect(try await other.put(data) == first)
        #expect(other.uploads == 0)
        #expect(try await other.get(uri: first.uri) == data)
    }

    @Test("an object changed in the bucket is refused on read, naming the digest")
    func corruptObject() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let store = S3ArtifactStore(location: moto.location())
        let (uri, digest) = try await store.put(Self.bytes())
        try await store.client.putObject(key: try store.key(for: uri), data: Self.bytes("tampered"))
        let error = await #expect(throws: StorageError.self) { try await store.get(uri: uri) }
        guard case .conflict(let message)? = error else {
            Issue.record("expected a conflict, got \(String(describing: error))")
            return
        }
        #expect(message.contains(String(digest.prefix(12))) && message.contains("corrupt"))
        await #expect(throws: StorageError.self) { try await store.verify(uri: uri, digest: digest) }
    }

    @Test("a missing artifact is notFound, naming the bucket and key")
    func missing() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let store = S3ArtifactStore(location: moto.location())
        let uri = "artifacts://sha256/" + DirectoryArtifactStore.digest(Self.bytes())
        let error = await #expect(throws: StorageError.self) { try await store.get(uri: uri) }
        guard case .notFound(let message)? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(message.contains("s3://\(moto.bucket)/\(store.location.prefix)/sha256/"))
        #expect(try await store.client.headObject(key: store.key(for: uri)) == nil)
    }

    @Test("wrong secret, unknown key id, a key without a policy, a missing bucket: clear errors naming what to check")
    func credentialsAndBucket() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let data = Self.bytes()
        // A short deadline: async-http-client retries a refused connection until the deadline.
        func failure(_ location: S3Location) async -> String {
            do {
                _ = try await S3ArtifactStore(client: S3Client(location: location, timeout: .seconds(2))).put(data)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let wrongSecret = AWSCredentials(accessKeyID: moto.writer.accessKeyID, secretAccessKey: "not-the-secret")
        let signature = await failure(moto.location(credentials: wrongSecret))
        #expect(signature.contains("SignatureDoesNotMatch") && signature.contains("artifacts.s3.secret_access_key"), "\(signature)")
        #expect(!signature.contains("not-the-secret"))
        let unknown = await failure(moto.location(credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWN0000000", secretAccessKey: "x")))
        #expect(unknown.contains("InvalidAccessKeyId") && unknown.contains("artifacts.s3.access_key_id"), "\(unknown)")
        let denied = await failure(moto.location(credentials: moto.nobody))
        #expect(denied.contains("AccessDenied") && denied.contains("policy"), "\(denied)")
        let noBucket = await failure(moto.location(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())"))
        #expect(noBucket.contains("NoSuchBucket") && noBucket.contains("artifacts.url"), "\(noBucket)")
        let closed = await failure(
            S3Location(bucket: "b", endpoint: URL(string: "http://127.0.0.1:9")!, credentials: moto.writer))
        #expect(closed.contains("artifacts.s3.endpoint"), "\(closed)")
    }

    @Test("round-trip time of a 100 KiB artifact (printed)")
    func timing() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let store = S3ArtifactStore(location: moto.location())
        var puts: [Double] = []
        var gets: [Double] = []
        for i in 0..<10 {
            let data = Data(String(repeating: "x", count: 100 * 1024 - 20).utf8) + Data("\(i)-\(UUID().uuidString.prefix(8))".utf8)
            let t0 = ContinuousClock.now
            let (uri, _) = try await store.put(data)
            let t1 = ContinuousClock.now
            #expect(try await store.get(uri: uri) == data)
            let t2 = ContinuousClock.now
            puts.append(Double((t1 - t0).components.attoseconds) / 1e15 + Double((t1 - t0).components.seconds) * 1000)
            gets.append(Double((t2 - t1).components.attoseconds) / 1e15 + Double((t2 - t1).components.seconds) * 1000)
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        print(
            String(format: "moto S3, 100 KiB artifact: put (HEAD + PUT) median %.1f ms, get (+ SHA-256) median %.1f ms", median(puts), median(gets)))
    }
}
