import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiRegistry

/// A MIDI item holding a generated piece's symbolic fingerprint.
func pieceItem(_ piece: GeneratedPiece, content: Int, path: String, seconds: Double = 40) -> StoredItem {
    let fingerprint = SymbolicFingerprint(notes: NoteStream(piece.file()).notes)
    return StoredItem(
        id: Int64(content), datasetID: 1, path: path, kind: .midi, sizeBytes: 1_000, fileXXH3: String(format: "%032x", content + 1 << 40),
        contentXXH3: String(format: "%032x", content), durationSeconds: seconds, sampleRate: nil, channels: nil, codec: nil,
        loudnessLUFS: nil, clippingRatio: 0, silenceRatio: 0, bandwidthHz: nil, quality: 1, registeredAt: 0, fingerprint: .symbolic(fingerprint)
    )
}

/// Items of pieces with seeds in `seeds` (content ids = seeds).
func items(_ seeds: Range<Int>, transpose: Int = 0) -> [StoredItem] {
    seeds.map { s in pieceItem(GeneratedPiece.make(seed: UInt64(s)).transposed(transpose), content: s + transpose * 1_000_000, path: "p/\(s)-\(transpose).mid") }
}
