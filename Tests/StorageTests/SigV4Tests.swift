import Crypto
import Foundation
import Testing

@testable import Storage

/// Signature Version 4 against AWS's published examples: the expected values below are AWS's, copied from its
/// documentation and its SigV4 test suite, not produced by this code.
@Suite("SigV4 signing (AWS's published examples)")
struct SigV4Tests {
    /// The S3 examples' credentials ("Authenticating Requests: Using the Authorization Header", example calculations).
    static let s3Example = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "s3")
    /// The SigV4 test suite's credentials (`get-vanilla` and siblings).
    static let suite = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")

    @Test("the signing key of AWS's derivation example (20120215, us-east-1, iam)")
    func signingKey() {
        let key = SigV4Signer.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", day: "20120215", region: "us-east-1", service: "iam")
        #expect(key.withUnsafeBytes { SigV4Signer.hex(Data($0)) } == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("S3 example: GET Object with a Range header")
    func s3GetObject() {
        let s = Self.s3Example.sign(
            method: "GET", path: "/test.txt",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
                ("x-amz-date", "20130524T000000Z"),
            ], payloadHash: SigV4Signer.emptyPayloadHash, amzDate: "20130524T000000Z")
        #expect(
            s.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            s.stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        #expect(s.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            s.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("S3 example: PUT Object, with the payload hash and `$` encoded in the key")
    func s3PutObject() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let hash = SigV4Signer.sha256Hex(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let s = Self.s3Example.sign(
            method: "PUT", path: "/" + SigV4Signer.uriEncode("test$file.text", encodeSlash: false),
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-date", "20130524T000000Z"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", hash),
            ], payloadHash: hash, amzDate: "20130524T000000Z")
        #expect(s.canonicalRequest.hasPrefix("PUT\n/test%24file.text\n\n"))
        #expect(s.signedHeaders == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        #expect(s.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(s.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("S3 example: GET Bucket (list objects) with a query string")
    func s3ListObjects() {
        let s = Self.s3Example.sign(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")],
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"),
                ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash),
            ], payloadHash: SigV4Signer.emptyPayloadHash, amzDate: "20130524T000000Z")
        #expect(s.canonicalRequest.hasPrefix("GET\n/\nmax-keys=2&prefix=J\n"))
        #expect(s.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("SigV4 test suite: get-vanilla and get-vanilla-query-order-key-case")
    func testSuite() {
        let headers = [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")]
        let vanilla = Self.suite.sign(
            method: "GET", path: "/", headers: headers, payloadHash: SigV4Signer.emptyPayloadHash, amzDate: "20150830T123600Z")
        #expect(
            vanilla.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        let ordered = Self.suite.sign(
            method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")], headers: headers,
            payloadHash: SigV4Signer.emptyPayloadHash, amzDate: "20150830T123600Z")
        #expect(ordered.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test("URI encoding: unreserved characters kept, others %XX in upper case, `/` kept in paths only")
    func uriEncoding() {
        #expect(SigV4Signer.uriEncode("A-z_0.9~", encodeSlash: true) == "A-z_0.9~")
        #expect(SigV4Signer.uriEncode("a b+c$", encodeSlash: true) == "a%20b%2Bc%24")
        #expect(SigV4Signer.uriEncode("a/b", encodeSlash: false) == "a/b")
        #expect(SigV4Signer.uriEncode("a/b", encodeSlash: true) == "a%2Fb")
        #expect(SigV4Signer.uriEncode("é", encodeSlash: true) == "%C3%A9")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 1_440_938_160)) == "20150830T123600Z")
    }

    @Test("the client signs what it sends: path-style URL, host with the port, session token header")
    func clientRequestShape() {
        let location = S3Location(
            bucket: "b", prefix: "/models/v1/", endpoint: URL(string: "http://127.0.0.1:9000")!,
            credentials: AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "TOKEN"))
        #expect(location.prefix == "models/v1")
        #expect(location.key("sha256/ab/x.json") == "models/v1/sha256/ab/x.json")
        let client = S3Client(location: location)
        #expect(client.target("models/v1/a b.json").url == "http://127.0.0.1:9000/b/models/v1/a%20b.json")
        #expect(client.hostHeader == "127.0.0.1:9000")
        let aws = S3Client(
            location: S3Location(bucket: "b", endpoint: URL(string: "https://s3.eu-west-1.amazonaws.com")!, credentials: location.credentials))
        #expect(aws.hostHeader == "s3.eu-west-1.amazonaws.com")
        #expect(!"\(location.credentials)".contains("SK") && !"\(location.credentials)".contains("TOKEN"))
    }

    @Test("S3's XML errors are read and named with what to check")
    func errors() {
        let xml = Data(
            "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>"
                .utf8)
        let (code, message) = S3Client.parseError(xml)
        #expect(code == "SignatureDoesNotMatch")
        #expect(message == "The request signature we calculated does not match")
        let e = S3Error(operation: "GetObject", bucket: "b", key: "k", status: 403, code: code!, message: message!, endpoint: "http://x")
        #expect(e.description.contains("s3://b/k") && e.description.contains("artifacts.s3.secret_access_key"))
        #expect(S3Client.parseError(Data()).code == nil)
    }

    @Test("artifacts.url = s3://…: config beats the AWS environment, which beats the defaults")
    func resolve() throws {
        let env = [
            "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "ENVSECRET", "AWS_SESSION_TOKEN": "ENVTOKEN", "AWS_DEFAULT_REGION": "eu-west-2",
        ]
        let fromEnv = try S3Location.resolve(url: "s3://bucket/a/b", environment: env)
        #expect(fromEnv.bucket == "bucket" && fromEnv.prefix == "a/b" && fromEnv.region == "eu-west-2")
        #expect(fromEnv.endpoint.absoluteString == "https://s3.eu-west-2.amazonaws.com")
        #expect(fromEnv.credentials == AWSCredentials(accessKeyID: "ENVKEY", secretAccessKey: "ENVSECRET", sessionToken: "ENVTOKEN"))
        let fromConfig = try S3Location.resolve(
            url: "s3://bucket", endpoint: "http://127.0.0.1:5000", region: "us-west-1", accessKeyID: "CFG", secretAccessKey: "CFGSECRET",
            environment: env.merging(["AWS_REGION": "ap-south-1", "AWS_ENDPOINT_URL_S3": "http://s3.local"]) { $1 })
        #expect(fromConfig.prefix == "" && fromConfig.region == "us-west-1" && fromConfig.endpoint.absoluteString == "http://127.0.0.1:5000")
        #expect(fromConfig.credentials == AWSCredentials(accessKeyID: "CFG", secretAccessKey: "CFGSECRET"))
        let endpointEnv = try S3Location.resolve(
            url: "s3://bucket", environment: env.merging(["AWS_REGION": "ap-south-1", "AWS_ENDPOINT_URL": "http://minio:9000"]) { $1 })
        #expect(endpointEnv.region == "ap-south-1" && endpointEnv.endpoint.absoluteString == "http://minio:9000")
        #expect(throws: StorageError.self) { try S3Location.resolve(url: "s3://bucket", environment: [:]) }
        #expect(throws: StorageError.self) { try S3Location.resolve(url: "s3://", environment: env) }
        #expect(throws: StorageError.self) { try S3Location.resolve(url: "s3://b", accessKeyID: "only-id", environment: env) }
        let defaults = try S3Location.resolve(url: "s3://b", environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"])
        #expect(defaults.region == "us-east-1" && defaults.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
    }
}
