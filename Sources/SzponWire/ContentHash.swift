import Crypto
import Foundation

/// The version of a quiz or survey as built: a SHA-256 over its whole typed model
/// (texts, answers, key, settings) encoded with sorted keys. Records from the browser
/// carry it, so the server scores an attempt with the key of the version the learner saw.
/// The build hashes with it and the server checks with it, so it lives here, in the
/// contract between them.
public enum ContentHash {
    public static func of<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data()
        // 128 bits: collisions between versions of one quiz are not a concern, and the
        // string stays short in every record.
        return hex(SHA256.hash(data: data).prefix(16))
    }

    /// Lowercase hex of bytes (digests, blobs): the one spelling every SHA-256 in szpon uses.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
