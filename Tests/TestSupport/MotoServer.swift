import Foundation
import Storage

/// moto's S3 server on loopback, started once per test process by the Python in `ALERTSAI_TEST_PYTHON` (`.ci/run`
/// installs `moto[server]` there) with credentials checked: every request must be signed by a key moto's IAM knows.
/// `writer` may do anything in S3; `nobody` has no policy (AccessDenied). Without moto the tests that need it skip
/// with a printed note, except under `CI=true`, where they fail.
public struct MotoServer: Sendable {
    public let endpoint: URL
    public let bucket: String
    public let writer: AWSCredentials
    public let nobody: AWSCredentials

    /// A location in the test bucket under a fresh prefix, signed by `credentials` (default `writer`).
    public func location(prefix: String = "t-\(UUID().uuidString.prefix(8))", credentials: AWSCredentials? = nil, bucket: String? = nil)
        -> S3Location
    {
        S3Location(bucket: bucket ?? self.bucket, prefix: prefix, endpoint: endpoint, region: "us-east-1", credentials: credentials ?? writer)
    }

    public enum Availability: Sendable {
        case running(MotoServer)
        /// Why moto could not run (not importable, or it failed to start).
        case unavailable(String)
    }

    /// The shared server, or why there is none. Under `CI=true` an unavailable moto is a test failure for the caller
    /// to record (`MotoServer.require`).
    public static let shared: Task<Availability, Never> = Task { start() }

    /// The shared server; nil (after printing why) when moto is not available outside CI. In CI it throws.
    public static func require(_ test: String = #function) async throws -> MotoServer? {
        switch await shared.value {
        case .running(let server): return server
        case .unavailable(let why):
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw MotoUnavailable(description: "CI=true but moto's S3 server is unavailable: \(why)")
            }
            print("skipping \(test): \(why) (pip install 'moto[server]', or set ALERTSAI_TEST_PYTHON)")
            return nil
        }
    }

    public struct MotoUnavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static let script = #"""
        import json, os, socket, sys
        # The first requests (our setup) go unchecked; every later one must be signed by a key moto's IAM knows.
        os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "8"
        from moto.server import ThreadedMotoServer
        import boto3
        from botocore.exceptions import ClientError
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        url = "http://127.0.0.1:%d" % port
        kw = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
        iam = boto3.client("iam", **kw)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
        def user(name, allowed):
            iam.create_user(UserName=name)
            if allowed:
                iam.put_user_policy(UserName=name, PolicyName="s3", PolicyDocument=policy)
            k = iam.create_access_key(UserName=name)["AccessKey"]
            return {"id": k["AccessKeyId"], "secret": k["SecretAccessKey"]}
        writer = user("writer", True)
        nobody = user("nobody", False)
        boto3.client("s3", **kw).create_bucket(Bucket="alertsai-test")
        bogus = boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIABOGUS", aws_secret_access_key="bogus")
        for _ in range(50):
            try:
                bogus.list_objects_v2(Bucket="alertsai-test", MaxKeys=1)
            except ClientError:
                break
        else:
            sys.exit("moto never started checking credentials")
        print(json.dumps({"endpoint": url, "bucket": "alertsai-test", "writer": writer, "nobody": nobody}), flush=True)
        sys.stdin.read()
        server.stop()
        """#

    struct Started: Decodable {
        struct Key: Decodable { let id: String; let secret: String }
        let endpoint: String
        let bucket: String
        let writer: Key
        let nobody: Key
    }

    static func start() -> Availability {
        let env = ProcessInfo.processInfo.environment
        let python = env["ALERTSAI_TEST_PYTHON"] ?? "/usr/bin/env"
        let prefix = env["ALERTSAI_TEST_PYTHON"] == nil ? ["python3"] : []
        func launch(_ args: [String], stdin: Pipe?) throws -> (Process, Pipe, URL) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = prefix + args
            let out = Pipe()
            let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString).log")
            FileManager.default.createFile(atPath: errFile.path, contents: nil)
            p.standardOutput = out
            p.standardError = try FileHandle(forWritingTo: errFile)
            if let stdin { p.standardInput = stdin }
            try p.run()
            return (p, out, errFile)
        }
        do {
            let (check, _, _) = try launch(["-c", "import moto.server, boto3"], stdin: nil)
            check.waitUntilExit()
            guard check.terminationStatus == 0 else { return .unavailable("python package moto[server] not importable by \(python) \(prefix)") }
            let stdin = Pipe()
            let (process, out, errFile) = try launch(["-c", script], stdin: stdin)
            // Kept open for the life of the test process: the server stops when this process exits and stdin closes.
            Self.keepAlive.append(stdin)
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            guard let end = line.firstIndex(of: UInt8(ascii: "\n")) else {
                process.waitUntilExit()
                let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
                return .unavailable("moto failed to start: \(err.suffix(2000))")
            }
            let started = try JSONDecoder().decode(Started.self, from: line[..<end])
            guard let endpoint = URL(string: started.endpoint) else { return .unavailable("moto printed no endpoint") }
            return .running(
                MotoServer(
                    endpoint: endpoint, bucket: started.bucket,
                    writer: AWSCredentials(accessKeyID: started.writer.id, secretAccessKey: started.writer.secret),
                    nobody: AWSCredentials(accessKeyID: started.nobody.id, secretAccessKey: started.nobody.secret)))
        } catch {
            return .unavailable("cannot run \(python): \(error)")
        }
    }

    nonisolated(unsafe) static var keepAlive: [Pipe] = []
}
