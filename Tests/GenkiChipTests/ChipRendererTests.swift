import GenkiChip
import GenkiFixtures
import Testing

@Suite struct ChipRendererTests {
    static let mod = ChipFixtures.mod(seed: 1)
    static let vgm = ChipFixtures.vgm(seed: 1)
    static let sid = ChipFixtures.psid(seed: 1, songs: 2)

    static func energy(_ r: ChipRender) -> Double { r.samples.reduce(0) { $0 + Double($1 * $1) } / Double(max(1, r.samples.count)) }

    @Test func formatsAreRecognisedByContentNotName() {
        #expect(ChipFormat.sniff(Array(Self.mod.prefix(ChipFormat.headerLength)), fileName: "song.bin") == .mod)
        #expect(ChipFormat.sniff(Array(Self.vgm.prefix(ChipFormat.headerLength)), fileName: "x.mod") == .vgm)
        #expect(ChipFormat.sniff(Array("Extended Module: x".utf8), fileName: "a") == .xm)
        #expect(ChipFormat.sniff(Array("NESM\u{1A}".utf8) + [1], fileName: "a") == .nsf)
        #expect(ChipFormat.sniff([0x1F, 0x8B, 8, 0], fileName: "a.vgz") == .vgz)
        #expect(ChipFormat.sniff([0x1F, 0x8B, 8, 0], fileName: "a.gz") == nil)
        #expect(ChipFormat.sniff(Array(Self.sid.prefix(16)), fileName: "a") == .sid)
        #expect(ChipFormat.sniff(Array(repeating: 0x20, count: 2_000), fileName: "a.mod") == nil)
    }

    @Test func rendersAreDeterministicAudibleAndOfTheStatedLength() throws {
        var policy = ChipRenderPolicy()
        policy.sidSeconds = 12
        for (bytes, format) in [(Self.mod, ChipFormat.mod), (Self.vgm, .vgm), (Self.sid, .sid)] {
            let a = try ChipRenderer.render(bytes, format: format, policy: policy)
            let b = try ChipRenderer.render(bytes, format: format, policy: policy)
            #expect(a == b, "\(format)")
            #expect(a.sampleRate == 44_100 && a.subtunes == (format == .sid ? 2 : 1) && a.subtune == 0)
            #expect(Self.energy(a) > 1e-4, "\(format) renders silence")
        }
        // Every other fixture format too: the same samples twice, and sound.
        var short = ChipRenderPolicy()
        short.maxSeconds = 10
        let others: [([UInt8], ChipFormat)] = [
            (ChipFixtures.xm(seed: 1), .xm), (ChipFixtures.nsf(seed: 1), .nsf), (ChipFixtures.nsfe(seed: 1), .nsfe), (ChipFixtures.gbs(seed: 1), .gbs),
            (ChipFixtures.spc(seed: 1), .spc),
        ]
        for (bytes, format) in others {
            let a = try ChipRenderer.render(bytes, format: format, policy: short)
            #expect(try ChipRenderer.render(bytes, format: format, policy: short) == a, "\(format)")
            #expect(a.sampleRate == 44_100 && a.frames > 44_100 && Self.energy(a) > 1e-4, "\(format) renders silence or nothing")
        }
        // SID tunes state no length: the policy's, ending in a fade to silence.
        let sid = try ChipRenderer.render(Self.sid, format: .sid, policy: policy)
        #expect(sid.frames == 12 * 44_100 && sid.samples.suffix(2).allSatisfy { $0 == 0 })
        // The second song is its own render.
        #expect(try ChipRenderer.render(Self.sid, format: .sid, subtune: 1, policy: policy).samples != sid.samples)
        // The VGM states 24 quarter-second notes: exactly 6 s.
        #expect(try ChipRenderer.render(Self.vgm, format: .vgm).frames == 24 * 11_025)
        // Two patterns of 64 rows at speed 6 and 125 BPM: 128 × 0.12 s, played once.
        let seconds = Double(try ChipRenderer.render(Self.mod, format: .mod).frames) / 44_100
        #expect(abs(seconds - 15.36) < 0.5, "\(seconds) s")
    }

    /// Text fields are not music: the title, sample names and GD3 tags change no sample.
    @Test func metadataChangesNoSampleAndMusicDoes() throws {
        let marked = ChipFixtures.mod(seed: 1, marker: "MARK-\(UInt32.random(in: 0...UInt32.max))")
        #expect(marked != Self.mod)
        #expect(try ChipRenderer.render(marked, format: .mod).samples == ChipRenderer.render(Self.mod, format: .mod).samples)
        let taggedVGM = ChipFixtures.vgm(seed: 1, marker: "MARK")
        #expect(taggedVGM.count > Self.vgm.count)
        #expect(try ChipRenderer.render(taggedVGM, format: .vgm).samples == ChipRenderer.render(Self.vgm, format: .vgm).samples)
        let transposed = ChipFixtures.mod(seed: 1, transpose: 2)
        #expect(try ChipRenderer.render(transposed, format: .mod).samples != ChipRenderer.render(Self.mod, format: .mod).samples)
        #expect(try ChipRenderer.render(ChipFixtures.vgm(seed: 2), format: .vgm).samples != ChipRenderer.render(Self.vgm, format: .vgm).samples)
        var policy = ChipRenderPolicy()
        policy.sidSeconds = 6
        let taggedSID = ChipFixtures.psid(seed: 1, songs: 2, marker: "MARK")
        #expect(try ChipRenderer.render(taggedSID, format: .sid, policy: policy).samples == ChipRenderer.render(Self.sid, format: .sid, policy: policy).samples)
        #expect(try ChipRenderer.render(ChipFixtures.psid(seed: 2), format: .sid, policy: policy).samples != ChipRenderer.render(Self.sid, format: .sid, policy: policy).samples)
    }

    @Test func missingSubtunesAndBrokenTunesAreClearErrors() {
        #expect(throws: ChipError.subtune(1, of: 1)) { try ChipRenderer.render(Self.vgm, format: .vgm, subtune: 1) }
        #expect(throws: ChipError.subtune(3, of: 1)) { try ChipRenderer.render(Self.mod, format: .mod, subtune: 3) }
        #expect(throws: ChipError.subtune(2, of: 2)) { try ChipRenderer.render(Self.sid, format: .sid, subtune: 2) }
        #expect(throws: ChipError.self) { try ChipRenderer.render(Array("PSID".utf8), format: .sid) }
        #expect(throws: ChipError.self) { try ChipRenderer.render(Array(Self.sid.prefix(0x7C)), format: .sid) }
    }

    /// A policy value a renderer would trap on (a NaN length made a frame count) or pass to a
    /// library out of its range is an error for every engine, before any library sees the file.
    @Test func policyValuesOutOfRangeAreErrorsNotTraps() throws {
        let edits: [(String, @Sendable (inout ChipRenderPolicy) -> Void)] = [
            ("NaN length", { $0.maxSeconds = .nan }), ("infinite length", { $0.maxSeconds = .infinity }), ("zero length", { $0.maxSeconds = 0 }),
            ("NaN SID length", { $0.sidSeconds = .nan }), ("negative fade", { $0.fadeSeconds = -1 }), ("NaN fade", { $0.fadeSeconds = .nan }),
            ("rate 0", { $0.sampleRate = 0 }), ("rate 10 MHz", { $0.sampleRate = 10_000_000 }), ("3 taps", { $0.interpolationTaps = 3 }),
            ("separation 300 %", { $0.stereoSeparation = 300 }),
        ]
        for (name, edit) in edits {
            var policy = ChipRenderPolicy()
            edit(&policy)
            for (bytes, format) in [(Self.vgm, ChipFormat.vgm), (Self.mod, .mod), (Self.sid, .sid)] {
                #expect(throws: ChipError.self, "\(name), \(format)") { try ChipRenderer.render(bytes, format: format, policy: policy) }
            }
        }
        var edge = ChipRenderPolicy()
        edge.maxSeconds = 0.5
        edge.fadeSeconds = 0
        edge.sampleRate = 8_000
        edge.interpolationTaps = 1
        #expect(try ChipRenderer.render(Self.mod, format: .mod, policy: edge).sampleRate == 8_000)
    }

    /// Property: truncated and mutated modules render or fail with an error, never crash.
    /// (libgme is not hardened: some mutated chip logs crash it, which is why ingest renders in
    /// worker processes by default; `ChipIngestTests` covers that path.)
    @Test func hostileModulesRenderOrFailCleanly() {
        var rng = SplitMix64(seed: 5)
        var failures = 0
        for round in 0..<240 {
            var bytes = Self.mod
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(rng.next() % 16)) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            var policy = ChipRenderPolicy()
            policy.maxSeconds = 20
            do {
                let r = try ChipRenderer.render(bytes, format: .mod, policy: policy)
                #expect(r.frames > 0 && r.frames <= 20 * 44_100)
                #expect(r.samples.allSatisfy { $0.isFinite })
            } catch {
                failures += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(failures > 0)
    }
}
