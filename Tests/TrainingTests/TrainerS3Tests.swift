import Foundation
import Learning
import Storage
import TestSupport
import Testing

@testable import Training

/// Training with the artifact store on moto's S3: the trainer's artifact lands in the bucket, publishing verifies it
/// there, and retraining the same config stores no second object.
@Suite struct TrainerS3Tests {
    @Test func trainRegisterAndPublishWithArtifactsOnS3() async throws {
        guard let moto = try await MotoServer.require() else { return }
        let db = try await TrainerRegistryTests.Registry.make()
        do {
            let s3 = S3ArtifactStore(location: moto.location(prefix: "train-\(UUID().uuidString.prefix(8))"))
            let artifacts: any ArtifactStore = s3
            let first = try await Trainer().run(config: TrainerRegistryTests.smallGBDT(), registry: db.registry, artifacts: artifacts)
            let second = try await Trainer().run(config: TrainerRegistryTests.smallGBDT(), registry: db.registry, artifacts: artifacts)
            #expect(first.spec.artifactDigest == second.spec.artifactDigest)
            #expect(s3.uploads == 1, "the same artifact twice is one object")
            #expect(try await s3.client.headObject(key: s3.key(for: first.spec.modelURI)) != nil)
            let published = try await db.registry.publish(name: first.spec.name, version: first.spec.version, actor: "tester") { spec in
                try await artifacts.verify(uri: spec.modelURI, digest: spec.artifactDigest)
            }
            #expect(published.status == .published)
            let model = try ModelFile.decode(try await artifacts.get(uri: published.modelURI))
            #expect(!model.featureNames.isEmpty)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }
}
