import Crypto
import Foundation

/// Seals secrets kept in the store (webhook signing secrets) with AES-256-GCM, so that a copy of the database file or
/// a dump does not hand out the keys receivers trust (docs/SECURITY.md, "Secrets at rest").
///
/// A sealed value is `enc:v1:` and the base64 of nonce ‖ ciphertext ‖ tag. `unseal` passes a value without that prefix
/// through unchanged: rows written before sealing existed are read, and `Migrator.migrate` seals them.
public struct SecretBox: Sendable {
    static let prefix = "enc:v1:"
    let key: SymmetricKey
    /// Where the key came from, for messages (never the key itself).
    public let source: String

    public init(key: SymmetricKey, source: String) {
        self.key = key
        self.source = source
    }

    /// A key that lives as long as the process: in-memory stores, whose rows die with it.
    public static func ephemeral() -> SecretBox {
        SecretBox(key: SymmetricKey(size: .bits256), source: "an in-memory key")
    }

    /// A key given as text (config `secrets.key`, env `ALERTSAI_SECRETS_KEY`): the base64 of 32 bytes.
    public static func fromText(_ text: String, source: String) throws -> SecretBox {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed), bytes.count == 32 else {
            throw StorageError.constraint(
                "\(source) is not the base64 of 32 bytes (make one with `openssl rand -base64 32`, or leave it unset to have one made)")
        }
        return SecretBox(key: SymmetricKey(data: bytes), source: source)
    }

    /// The key in `path`, made (32 random bytes, base64, mode 0600) when the file does not exist. Two processes that
    /// start at once agree: the file is created exclusively, and the loser reads the winner's key.
    public static func file(_ path: String) throws -> SecretBox {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw StorageError.unreachable("cannot create the directory of the secrets key \(path): \(error.localizedDescription)")
            }
            let text = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let written = text.utf8.withContiguousStorageIfAvailable { write(fd, $0.baseAddress, $0.count) } ?? -1
                close(fd)
                guard written == text.utf8.count else {
                    unlink(path)
                    throw StorageError.unreachable("cannot write the secrets key \(path)")
                }
            } else if errno != EEXIST {
                throw StorageError.unreachable("cannot create the secrets key \(path): \(String(cString: strerror(errno)))")
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError.unreachable("cannot read the secrets key \(path)")
        }
        return try fromText(String(decoding: data, as: UTF8.self), source: "the secrets key file \(path)")
    }

    /// Whether a stored value is sealed.
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// `secret` sealed under this key, with a fresh random nonce.
    public func seal(_ secret: String) throws -> String {
        do {
            let box = try AES.GCM.seal(Data(secret.utf8), using: key)
            guard let combined = box.combined else { throw StorageError.constraint("AES-GCM gave no combined form") }
            return Self.prefix + combined.base64EncodedString()
        } catch let e as StorageError {
            throw e
        } catch {
            throw StorageError.constraint("cannot seal a secret: \(error)")
        }
    }

    /// The secret a stored value holds; a value written before sealing is returned as it is.
    public func unseal(_ stored: String) throws -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))) else {
            throw StorageError.constraint("a sealed secret in the store is not base64")
        }
        do {
            let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw StorageError.constraint(
                "a webhook secret in the store does not open with \(source): the store was sealed with another key"
                    + " (set secrets.key / ALERTSAI_SECRETS_KEY to the key it was made with)")
        }
    }
}
