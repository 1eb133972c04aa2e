import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Where an S3 artifact store lives: a bucket and key prefix at an endpoint, with the region and credentials that
/// sign its requests. Requests are path-style (`<endpoint>/<bucket>/<key>`), which AWS, MinIO and moto all accept.
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    public var bucket: String
    /// The key prefix without leading or trailing `/`; empty: keys start at the bucket's root.
    public var prefix: String
    public var endpoint: URL
    public var region: String
    public var credentials: AWSCredentials

    public init(bucket: String, prefix: String = "", endpoint: URL, region: String = "us-east-1", credentials: AWSCredentials) {
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
    }

    /// `s3://bucket/prefix` (no credentials).
    public var url: String { prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)" }
    public var description: String { "\(url) at \(endpoint.absoluteString) (\(region))" }

    /// The full key of `relative` under the prefix.
    public func key(_ relative: String) -> String { prefix.isEmpty ? relative : "\(prefix)/\(relative)" }

    /// Resolves `artifacts.url = s3://bucket/prefix` with the `artifacts.s3.*` settings, each falling back to the usual
    /// AWS environment variables: endpoint `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, else
    /// `https://s3.<region>.amazonaws.com`; region `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`;
    /// credentials both keys from config, else `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`.
    public static func resolve(
        url: String, endpoint: String? = nil, region: String? = nil, accessKeyID: String? = nil, secretAccessKey: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StorageError) -> S3Location {
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        guard url.hasPrefix("s3://") else { throw .artifacts("artifacts.url '\(url)' is not of the form s3://bucket/prefix") }
        let rest = url.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = String(rest.dropFirst(bucket.count))
        guard !bucket.isEmpty, bucket.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw .artifacts("artifacts.url '\(url)' names no valid bucket (s3://bucket/prefix)")
        }
        let region = nonEmpty(region) ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) ?? "us-east-1"
        let endpointText =
            nonEmpty(endpoint) ?? nonEmpty(environment["AWS_ENDPOINT_URL_S3"]) ?? nonEmpty(environment["AWS_ENDPOINT_URL"])
            ?? "https://s3.\(region).amazonaws.com"
        guard let endpointURL = URL(string: endpointText), let scheme = endpointURL.scheme, ["http", "https"].contains(scheme),
            endpointURL.host != nil
        else {
            throw .artifacts("artifacts.s3.endpoint '\(endpointText)' is not an http(s) URL")
        }
        let credentials: AWSCredentials
        if let id = nonEmpty(accessKeyID), let secret = nonEmpty(secretAccessKey) {
            credentials = AWSCredentials(accessKeyID: id, secretAccessKey: secret)
        } else if nonEmpty(accessKeyID) != nil || nonEmpty(secretAccessKey) != nil {
            throw .artifacts("set both artifacts.s3.access_key_id and artifacts.s3.secret_access_key, or neither (then AWS_ACCESS_KEY_ID…)")
        } else if let id = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) {
            credentials = AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        } else {
            throw .artifacts(
                "no S3 credentials for \(url): set artifacts.s3.access_key_id and artifacts.s3.secret_access_key "
                    + "(ALERTSAI_ARTIFACTS_S3_ACCESS_KEY_ID…) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        return S3Location(bucket: bucket, prefix: prefix, endpoint: endpointURL, region: region, credentials: credentials)
    }
}

/// An error answered by S3 (its XML `Code` and `Message`) or met on the way to it, naming the bucket and key.
public struct S3Error: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let bucket: String
    public let key: String?
    /// HTTP status; 0 when no answer came.
    public let status: Int
    /// S3's error code (`NoSuchKey`, `AccessDenied`, …), or a status name when the answer had no XML body (HEAD).
    public let code: String
    public let message: String
    public let endpoint: String

    public var object: String { key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)" }

    /// What to check, by code.
    public var hint: String {
        switch code {
        case "NoSuchKey", "NotFound": "the object does not exist"
        case "NoSuchBucket": "bucket '\(bucket)' does not exist at \(endpoint): create it, or check artifacts.url and artifacts.s3.endpoint"
        case "AccessDenied", "Forbidden":
            "the credentials may not \(operation) here: check the key's policy allows s3:GetObject and s3:PutObject on the bucket"
        case "SignatureDoesNotMatch":
            "the request signature was refused: check artifacts.s3.secret_access_key (or AWS_SECRET_ACCESS_KEY) and artifacts.s3.region"
        case "InvalidAccessKeyId":
            "the access key id is unknown to \(endpoint): check artifacts.s3.access_key_id (or AWS_ACCESS_KEY_ID) and the endpoint"
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired": "the session token is expired or invalid: refresh AWS_SESSION_TOKEN"
        case "AuthorizationHeaderMalformed": "the region is wrong for this bucket: check artifacts.s3.region"
        case "Unreachable": "check artifacts.s3.endpoint and that the server is up"
        default: "see the S3 error code"
        }
    }

    public var description: String {
        let answer = status == 0 ? code : "\(status) \(code)"
        let detail = message.isEmpty ? "" : ": \(message)"
        return "S3 \(operation) \(object) failed (\(answer)\(detail)); \(hint)"
    }
}

/// A small S3 client: PutObject, GetObject and HeadObject, signed with SigV4, over async-http-client.
public struct S3Client: Sendable {
    public let location: S3Location
    let http: HTTPClient
    let timeout: TimeAmount
    /// Largest object `getObject` reads.
    let maxObjectBytes: Int
    let signer: SigV4Signer

    public init(location: S3Location, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(60), maxObjectBytes: Int = 1 << 30) {
        self.location = location
        self.http = http
        self.timeout = timeout
        self.maxObjectBytes = maxObjectBytes
        signer = SigV4Signer(credentials: location.credentials, region: location.region, service: "s3")
    }

    /// Object metadata from HeadObject.
    public struct ObjectInfo: Sendable, Equatable {
        public let size: Int?
        public let etag: String?
    }

    /// Stores `data` under `key` (the full key, prefix included).
    public func putObject(key: String, data: Data, contentType: String = "application/octet-stream") async throws(S3Error) {
        _ = try await send("PutObject", method: .PUT, key: key, body: data, headers: [("content-type", contentType)])
    }

    /// The bytes under `key`; `S3Error` with code `NoSuchKey` when there are none.
    public func getObject(key: String) async throws(S3Error) -> Data {
        try await send("GetObject", method: .GET, key: key, body: nil, headers: []).body
    }

    /// The object's size and ETag, or nil when there is no object under `key`.
    public func headObject(key: String) async throws(S3Error) -> ObjectInfo? {
        do throws(S3Error) {
            let answer = try await send("HeadObject", method: .HEAD, key: key, body: nil, headers: [])
            return ObjectInfo(size: answer.headers.first(name: "content-length").flatMap(Int.init), etag: answer.headers.first(name: "etag"))
        } catch {
            if error.status == 404 && error.code != "NoSuchBucket" { return nil }
            throw error
        }
    }

    /// The path-style URL of `key` and its canonical (encoded) path.
    func target(_ key: String) -> (url: String, path: String) {
        var base = location.endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let basePath = location.endpoint.path.split(separator: "/").map(String.init)
        let segments = basePath + [location.bucket] + key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let path = "/" + segments.map { SigV4Signer.uriEncode($0, encodeSlash: true) }.joined(separator: "/")
        let origin = base.dropLast(location.endpoint.path.count)
        return (String(origin) + path, path)
    }

    /// The `host` header async-http-client sends: the host, with the port when it is not the scheme's default.
    var hostHeader: String {
        let host = location.endpoint.host ?? ""
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port = location.endpoint.port else { return bracketed }
        let defaultPort = location.endpoint.scheme == "https" ? 443 : 80
        return port == defaultPort ? bracketed : "\(bracketed):\(port)"
    }

    func send(
        _ operation: String, method: HTTPMethod, key: String, body: Data?, headers extra: [(String, String)], date: Date = Date()
    ) async throws(S3Error) -> (status: Int, headers: HTTPHeaders, body: Data) {
        let (url, path) = target(key)
        let payloadHash = body.map { SigV4Signer.sha256Hex($0) } ?? SigV4Signer.emptyPayloadHash
        let amzDate = SigV4Signer.amzDate(date)
        var signed: [(String, String)] = [("host", hostHeader), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)]
        if let token = location.credentials.sessionToken { signed.append(("x-amz-security-token", token)) }
        signed += extra
        let signature = signer.sign(method: method.rawValue, path: path, headers: signed, payloadHash: payloadHash, amzDate: amzDate)
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in signed { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "authorization", value: signature.authorization)
        if let body {
            request.body = .bytes(ByteBuffer(data: body))
            request.headers.replaceOrAdd(name: "content-length", value: String(body.count))
        }
        func failure(_ status: Int, _ code: String, _ message: String) -> S3Error {
            S3Error(
                operation: operation, bucket: location.bucket, key: key, status: status, code: code, message: message,
                endpoint: location.endpoint.absoluteString)
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await http.execute(request, timeout: timeout)
            var buffer = try await response.body.collect(upTo: method == .HEAD ? 0 : maxObjectBytes)
            data = buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch {
            throw failure(0, "Unreachable", "\(location.endpoint.absoluteString): \(error)")
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let (code, message) = Self.parseError(data)
            throw failure(status, code ?? Self.statusCode(status), message ?? "")
        }
        return (status, response.headers, data)
    }

    /// `Code` and `Message` of S3's XML error body (`<Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>`).
    static func parseError(_ data: Data) -> (code: String?, message: String?) {
        let text = String(decoding: data, as: UTF8.self)
        func element(_ name: String) -> String? {
            guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
            else { return nil }
            return String(text[open.upperBound..<close.lowerBound])
        }
        return (element("Code"), element("Message"))
    }

    /// A code for answers without a body (HEAD): 404 `NotFound`, 403 `Forbidden`, else `HTTP<status>`.
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 404: "NotFound"
        case 403: "Forbidden"
        case 400: "BadRequest"
        default: "HTTP\(status)"
        }
    }
}
