import Crypto
import Foundation

/// Signs the chain's head with an Ed25519 key kept outside the log: each write that moves the
/// head (a batch, a retraction, a side declaration) stores a signature of the new head's
/// position and hash (`head_signatures`). The hash covers every entry before it, so a
/// signature vouches for the whole chain up to its entry, and someone who edits the log and
/// recomputes every hash cannot sign the new heads without the key. (Cutting the log back to
/// an earlier signed head is not shown by signatures: anchors show that.)
public struct HeadSigner: Sendable {
    /// The private key's 32 bytes (the key type itself is not `Sendable`), checked to make a
    /// key when the signer was made.
    let raw: [UInt8]
    /// The public key's 32 bytes, derived once from `raw`.
    private let publicRaw: [UInt8]

    /// The private key, made again from `raw` (which made one when the signer was made).
    func key() throws -> Curve25519.Signing.PrivateKey { try Curve25519.Signing.PrivateKey(rawRepresentation: raw) }

    /// A new random key.
    public init() {
        let key = Curve25519.Signing.PrivateKey()
        raw = Array(key.rawRepresentation)
        publicRaw = Array(key.publicKey.rawRepresentation)
    }

    /// The key in a key file as ``keyFileText`` writes it: 64 hex digits (the key's 32 bytes).
    public init(keyFileText text: String) throws {
        guard let bytes = HeadSigner.bytes(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else { throw EventFieldError("is not a Frontline signing key (64 hex digits)", field: "key") }
        raw = bytes
        publicRaw = Array(key.publicKey.rawRepresentation)
    }

    /// The private key as a key file holds it.
    public var keyFileText: String { HeadSigner.hex(raw) + "\n" }

    /// The public key (64 hex digits), which `verify --public-key` takes.
    public var publicKey: String { HeadSigner.hex(publicRaw) }

    /// What is signed for the head at `seq` with hash `hash`.
    static func message(seq: Int64, hash: String) -> Data {
        Data("frontline head v1\n\(seq)\n\(hash)\n".utf8)
    }

    func signature(seq: Int64, hash: String) throws -> String {
        HeadSigner.hex(try key().signature(for: HeadSigner.message(seq: seq, hash: hash)))
    }

    /// Whether `signature` (hex) is `publicKey`'s (hex) over the head at `seq` with `hash`.
    static func isValid(signature: String, publicKey: String, seq: Int64, hash: String) -> Bool {
        guard let signature = bytes(hex: signature), let keyBytes = bytes(hex: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes) else { return false }
        return key.isValidSignature(signature, for: message(seq: seq, hash: hash))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.lowercased().utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = value(utf8[i]), let low = value(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
