import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiModel
import GenkiRegistry

/// A registered test item: id `content`, dataset 1, hashes derived from `content`, no
/// clipping or silence.
func auditItem(
    _ kind: MediaKind, content: Int, path: String, seconds: Double, audio: AudioFingerprint? = nil, symbolic: SymbolicFingerprint? = nil
) -> CatalogItem {
    var item = CatalogItem(
        path: path, kind: kind, sizeBytes: 1_000, fileHash: String(format: "%032x", content + 1 << 40), contentHash: String(format: "%032x", content),
        durationSeconds: seconds, quality: 1, registeredAt: 0, audio: audio, symbolic: symbolic
    )
    item.registryID = Int64(content)
    item.datasetID = 1
    item.clippingRatio = 0
    item.silenceRatio = 0
    return item
}

/// A MIDI item holding a generated piece's symbolic fingerprint.
func pieceItem(_ piece: GeneratedPiece, content: Int, path: String, seconds: Double = 40) -> CatalogItem {
    auditItem(.midi, content: content, path: path, seconds: seconds, symbolic: SymbolicFingerprint(notes: NoteStream(piece.file()).notes))
}

/// Items of pieces with seeds in `seeds` (content ids = seeds).
func items(_ seeds: Range<Int>, transpose: Int = 0) -> [CatalogItem] {
    seeds.map { s in pieceItem(GeneratedPiece.make(seed: UInt64(s)).transposed(transpose), content: s + transpose * 1_000_000, path: "p/\(s)-\(transpose).mid") }
}
