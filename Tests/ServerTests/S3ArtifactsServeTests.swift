import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Storage
import TestSupport
import Testing

/// The serve path with artifacts on moto's S3: a model registered with its artifact in the bucket is loaded from it
/// (digest checked) and scores; a model whose object was changed in the bucket is refused, not served.
@Suite("artifacts on S3 (moto)")
struct S3ArtifactsServeTests {
    func s3Config(_ moto: MotoServer) -> (AppConfig, URL) {
        let (base, dir) = temporaryConfig()
        var config = base
        config.artifactsURL = "s3://\(moto.bucket)/serve-\(UUID().uuidString.prefix(8))"
        config.artifactsS3 = AppConfig.S3Settings(
            endpoint: moto.endpoint.absoluteString, region: "us-east-1", accessKeyID: moto.writer.accessKeyID,
            secretAccessKey: moto.writer.secretAccessKey)
        return (config, dir)
    }

    @Test("register with the artifact on S3, then POST /score loads it from the bucket")
    func serveFromS3() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let (config, dir) = s3Config(moto)
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try await publishTestModel(config, name: "remote", features: ScoreEndpointTests.features)
        // Nothing was written to the artifacts directory.
        #expect(!FileManager.default.fileExists(atPath: config.artifactsPath))
        let store = try #require(try config.artifactStore() as? S3ArtifactStore)
        #expect(try await store.client.headObject(key: store.key(for: spec.modelURI)) != nil)
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let body = #"{"model":"remote","rows":[{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}]}"#
            try await client.execute(uri: "/score", method: .post, headers: .api(key: key), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let b = try JSONDecoder().decode(ScoreEndpointTests.Body.self, from: Data(buffer: response.body))
                #expect(b.model == spec.reference)
                #expect(b.results?.first?.decision == "alert")
            }
        }
    }

    @Test("an artifact changed in the bucket is refused by /score")
    func corruptInBucket() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let (config, dir) = s3Config(moto)
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try await publishTestModel(config, name: "tampered", features: ScoreEndpointTests.features)
        let store = try #require(try config.artifactStore() as? S3ArtifactStore)
        try await store.client.putObject(key: store.key(for: spec.modelURI), data: Data(#"{"not":"the model"}"#.utf8))
        let key = try await serviceKey(config)
        let app = try await buildApplication(config)
        try await app.test(.live) { client in
            let body = #"{"model":"tampered","rows":[{"rsi_14":21,"ret_5":-0.04,"rvol_20":0.01,"natr_14":2}]}"#
            try await client.execute(uri: "/score", method: .post, headers: .api(key: key), body: ByteBuffer(string: body)) { response in
                // A bad artifact is a server fault (500, logged with the digests), never a score from changed bytes.
                #expect(response.status == .internalServerError)
                #expect(!String(buffer: response.body).contains("\"score\""))
            }
        }
    }

    @Test("artifacts.url and artifacts.s3.* from config and the AWS environment; a misconfigured S3 store fails at load")
    func config() async throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_REGION": "eu-west-1"]
        let s3 = try await AppConfig.load(overrides: ["artifacts.url": "s3://models/prod"], environment: env)
        let location = try #require(try s3.artifactsS3Location())
        #expect(location.bucket == "models" && location.prefix == "prod" && location.region == "eu-west-1")
        #expect(location.credentials.accessKeyID == "AKENV")
        #expect(try s3.artifactStore() is S3ArtifactStore)
        let configured = try await AppConfig.load(
            overrides: [:],
            environment: env.merging([
                "ALERTSAI_ARTIFACTS_URL": "s3://models", "ALERTSAI_ARTIFACTS_S3_ENDPOINT": "http://127.0.0.1:9000",
                "ALERTSAI_ARTIFACTS_S3_ACCESS_KEY_ID": "AKCFG", "ALERTSAI_ARTIFACTS_S3_SECRET_ACCESS_KEY": "cfgsecret",
            ]) { $1 })
        let l2 = try #require(try configured.artifactsS3Location())
        #expect(l2.endpoint.absoluteString == "http://127.0.0.1:9000" && l2.credentials.accessKeyID == "AKCFG")
        #expect(!"\(configured.artifactsS3)".contains("cfgsecret"))
        // file: and plain paths are the directory store; empty keeps artifacts.path.
        let file = try await AppConfig.load(overrides: ["artifacts.url": "file:/tmp/a"], environment: [:])
        #expect(file.artifactsPath == "/tmp/a")
        #expect(try file.artifactStore() is DirectoryArtifactStore)
        let plain = try await AppConfig.load(overrides: ["artifacts.path": "/tmp/b"], environment: [:])
        #expect(plain.artifactsPath == "/tmp/b")
        #expect(try plain.artifactStore() is DirectoryArtifactStore)
        await #expect(throws: ConfigError.self) { try await AppConfig.load(overrides: ["artifacts.url": "s3://models"], environment: [:]) }
        await #expect(throws: ConfigError.self) { try await AppConfig.load(overrides: ["artifacts.url": "gs://models"], environment: [:]) }
    }
}

@Suite("docs/CONFIG.md")
struct ConfigDocsTests {
    @Test("lists every key of AppConfig.defaults")
    func everyKey() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/CONFIG.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for (key, _, _) in AppConfig.defaults {
            #expect(text.contains("| `\(key)` |"), "docs/CONFIG.md has no row for \(key)")
        }
    }
}
