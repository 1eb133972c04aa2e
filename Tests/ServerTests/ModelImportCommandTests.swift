import Foundation
import Testing

/// `alertsai models import --format lightgbm` and the publish dry run, through the binary.
@Suite("alertsai models import and the publish dry run")
struct ModelImportCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("a LightGBM model.txt registers against its set; mismatched features are named; publish dry-runs it, --force or not")
    func importAndPublish() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alertsai-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = ["--database-url", "sqlite:\(dir.path)/sc.sqlite", "--artifacts-path", "\(dir.path)/artifacts"]
        let model = Self.root.appendingPathComponent("Tests/LearningTests/Fixtures/lgb_plain.model.txt").path
        let set = Self.root.appendingPathComponent("examples/kinds/lightgbm-set.yaml").path
        let plan = Self.root.appendingPathComponent("examples/kinds/lightgbm-plan.yaml").path
        func importing(_ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let r = try runAlertsAI(["models", "import", "--format", "lightgbm", "--input", model, "--name", "py-lgb", "--plan", plan] + extra + db)
            return (r.status, r.stdout, r.stderr)
        }

        // core-daily computes other features: refused, naming both sides, nothing registered.
        let wrong = try importing(["--feature-set", "core-daily"])
        #expect(wrong.status != 0)
        #expect(
            wrong.stderr.hasPrefix("Error: ") && wrong.stderr.contains("the model reads f0, f1, f2, f3, f4, which core-daily@v1 does not compute"))
        #expect(wrong.stderr.contains("which the model does not read") && wrong.stderr.split(separator: "\n").count == 1, "\(wrong.stderr)")
        #expect(try runAlertsAI(["models", "list"] + db).stdout.contains("py-lgb") == false)

        let ok = try importing(["--feature-set", set, "--universe", "AAPL,MSFT", "--threshold", "0.6"])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("registered py-lgb@v1 (draft)") && ok.stdout.contains("5 features of lgb-five@v1"), "\(ok.stdout)")

        // No promise: the gate refuses; --force publishes after the dry run served both symbols.
        let gate = try runAlertsAI(["models", "publish", "py-lgb", "1"] + db)
        #expect(gate.status != 0 && gate.stderr.contains("refusing to publish py-lgb@v1"))
        let forced = try runAlertsAI(["models", "publish", "py-lgb", "1", "--force"] + db)
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect(forced.stdout.contains("dry run on AAPL,MSFT") && forced.stdout.contains("2 of 2 symbol(s) served"), "\(forced.stdout)")

        // A universe that does not resolve: refused even with --force, the cause named.
        let nowhere = try importing(["--feature-set", set, "--universe", "preset:no-such-preset"])
        #expect(nowhere.status == 0, "stderr: \(nowhere.stderr)")
        let refused = try runAlertsAI(["models", "publish", "py-lgb", "2", "--force"] + db)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("refusing to publish py-lgb@v2: its universe 'preset:no-such-preset' does not resolve"), "\(refused.stderr)")
        let listed = try runAlertsAI(["models", "list", "py-lgb"] + db).stdout
        #expect(listed.contains("draft"), "\(listed)")
    }
}
