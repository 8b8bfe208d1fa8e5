import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel

/// The pipe protocol between an ingest run and its workers: length-prefixed frames (u32 little
/// endian, then the bytes). A request is a path's bytes (ingest it), or a NUL (no path holds
/// one) and a path (count its subtunes: the answer is the count in decimal ASCII, or empty when
/// it is not a chip file genki can open). An ingest response is one outcome:
/// - tag u8: 0 record, 1 skipped;
/// - the record (or `{path, reason}`) as JSON, u32 length first;
/// - the audio fingerprint (codec bytes), the symbolic shingles and the MIDI render's
///   fingerprint (codec bytes), each u32 length first (0 when absent).
enum WorkerProtocol {
    /// Largest frame accepted (a path, or a record with its fingerprints).
    static let maximumFrame = 64 << 20

    /// What a worker is asked to do.
    enum Request: Equatable {
        case ingest(path: String)
        case countSubtunes(path: String)

        /// The request's payload.
        var payload: [UInt8] {
            switch self {
            case .ingest(let path): return Array(path.utf8)
            case .countSubtunes(let path): return [0] + Array(path.utf8)
            }
        }

        init(payload: [UInt8]) {
            if payload.first == 0 {
                self = .countSubtunes(path: String(decoding: payload.dropFirst(), as: UTF8.self))
            } else {
                self = .ingest(path: String(decoding: payload, as: UTF8.self))
            }
        }
    }

    /// Frame bytes for `payload`.
    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 4)
        appendLength(payload.count, to: &out)
        out += payload
        return out
    }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(truncatingIfNeeded: n)
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
    }

    static func length(_ bytes: ArraySlice<UInt8>) -> Int {
        let b = Array(bytes.prefix(4))
        guard b.count == 4 else { return -1 }
        return Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
    }

    private struct Skipped: Codable {
        var path: String
        var reason: String
    }

    /// The response payload for an outcome.
    static func encode(_ outcome: IngestOutcome) -> [UInt8] {
        let encoder = JSONOutput.encoder()
        var out: [UInt8] = []
        func section(_ bytes: [UInt8]) {
            appendLength(bytes.count, to: &out)
            out += bytes
        }
        switch outcome {
        case .record(let r):
            out.append(0)
            section((try? [UInt8](encoder.encode(r))) ?? [])
            section(r.fingerprints?.audio?.encoded() ?? [])
            section(r.fingerprints?.symbolic?.shingleBytes ?? [])
            section(r.fingerprints?.rendered?.encoded() ?? [])
        case .skipped(let path, let reason):
            out.append(1)
            section((try? [UInt8](encoder.encode(Skipped(path: path, reason: reason)))) ?? [])
            section([])
            section([])
            section([])
        }
        return out
    }

    /// The outcome a response payload holds, or nil when it is malformed.
    static func decode(_ payload: [UInt8]) -> IngestOutcome? {
        guard let tag = payload.first else { return nil }
        var at = 1
        func section() -> [UInt8]? {
            let n = length(payload[at...])
            guard n >= 0, at + 4 + n <= payload.count else { return nil }
            defer { at += 4 + n }
            return Array(payload[(at + 4)..<(at + 4 + n)])
        }
        guard let json = section(), let audio = section(), let symbolic = section(), let rendered = section(), at == payload.count else { return nil }
        let decoder = JSONDecoder()
        switch tag {
        case 0:
            guard var record = try? decoder.decode(IngestRecord.self, from: Data(json)) else { return nil }
            var fingerprints = IngestRecord.Fingerprints()
            if !audio.isEmpty {
                guard let f = try? AudioFingerprint(encoded: audio) else { return nil }
                fingerprints.audio = f
            }
            if !symbolic.isEmpty {
                guard let s = SymbolicFingerprint(shingleBytes: symbolic) else { return nil }
                fingerprints.symbolic = s
            }
            if !rendered.isEmpty {
                guard let f = try? AudioFingerprint(encoded: rendered) else { return nil }
                fingerprints.rendered = f
            }
            if fingerprints.audio != nil || fingerprints.symbolic != nil || fingerprints.rendered != nil { record.fingerprints = fingerprints }
            return .record(record)
        case 1:
            guard let s = try? decoder.decode(Skipped.self, from: Data(json)) else { return nil }
            return .skipped(path: s.path, reason: s.reason)
        default:
            return nil
        }
    }
}
