import Foundation
import GenkiChip
import GenkiFixtures

/// Render throughput of tracker modules and chip logs: genki's renders (libopenmpt, libgme,
/// libsidplayfp, in process) against the command-line players rendering the same files to files
/// (`openmpt123 --render`, `sidplayfp -w`, `gbsplay -o stdout`). CPU seconds per hour of
/// rendered audio.
enum ChipBench {
    static func run(files: Int, directory: URL) throws {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var modules: [String] = []
        var logs: [String] = []
        var tunes: [String] = []
        var gameBoy: [String] = []
        for k in 0..<files {
            let mod = directory.appendingPathComponent("m\(k).mod")
            try Data(ChipFixtures.mod(seed: UInt64(k), patterns: 16, speed: 5 + k % 3)).write(to: mod)
            modules.append(mod.path)
            let vgm = directory.appendingPathComponent("v\(k).vgm")
            try Data(ChipFixtures.vgm(seed: UInt64(k), notes: 480)).write(to: vgm)
            logs.append(vgm.path)
            let sid = directory.appendingPathComponent("s\(k).sid")
            try Data(ChipFixtures.psid(seed: UInt64(k))).write(to: sid)
            tunes.append(sid.path)
            let gbs = directory.appendingPathComponent("g\(k).gbs")
            try Data(ChipFixtures.gbs(seed: UInt64(k))).write(to: gbs)
            gameBoy.append(gbs.path)
        }
        print("")
        print("chip renders: \(files) generated MODs (16 patterns), \(files) SN76489 VGMs (2 min), \(files) PSID tunes (120 s) and \(files) GBS tunes (150 s), 44.1 kHz stereo")
        func padded(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        print("  " + padded("renderer", 34) + "   audio h      CPU-s  CPU-s / audio h")
        func genki(_ paths: [String], _ format: ChipFormat) throws -> (hours: Double, cpu: Double) {
            let before = RegistryBench.cpu()
            var frames = 0
            for p in paths {
                guard let bytes = FileManager.default.contents(atPath: p) else { continue }
                frames += try ChipRenderer.render([UInt8](bytes), format: format).frames
            }
            return (Double(frames) / 44_100 / 3_600, RegistryBench.cpu() - before)
        }
        func row(_ name: String, _ hours: Double, _ cpu: Double) {
            print("  " + padded(name, 34) + String(format: " %10.3f %10.2f %16.1f", hours, cpu, cpu / max(hours, 1e-9)))
        }
        let mod = try genki(modules, .mod)
        row("genki MOD (libopenmpt)", mod.hours, mod.cpu)
        if let openmpt = Measure.which("openmpt123") {
            let peer = try Measure.command(
                "openmpt123", openmpt, ["--render", "--samplerate", "44100", "--float", "--dither", "0", "--force", "-q"] + modules)
            row("openmpt123 --render", mod.hours, peer.cpuSeconds)
            print(String(format: "  genki / openmpt123: %.2f× the CPU (openmpt123 also writes WAV files)", mod.cpu / max(peer.cpuSeconds, 1e-9)))
        } else {
            print("  openmpt123 not installed (make bench-deps): no peer row")
        }
        let vgm = try genki(logs, .vgm)
        row("genki VGM (libgme)", vgm.hours, vgm.cpu)
        print("  (Debian 12 ships no libgme command-line player to compare with)")
        let gbs = try genki(gameBoy, .gbs)
        row("genki GBS (libgme)", gbs.hours, gbs.cpu)
        if let player = Measure.which("gbsplay"), let shell = Measure.which("sh") {
            // gbsplay has no WAV writer: raw 16-bit PCM to a file, for the same 150 s with an 8-s fade.
            var cpu = 0.0
            for t in gameBoy {
                let command = "'\(player)' -o stdout -r 44100 -t 150 -f 8 -T 0 -q '\(t)' 1 1 > '\(t).raw'"
                cpu += try Measure.command("gbsplay", shell, ["-c", command]).cpuSeconds
            }
            row("gbsplay -o stdout (one per tune)", gbs.hours, cpu)
            print(String(format: "  genki / gbsplay: %.2f× the CPU (gbsplay writes raw PCM files)", gbs.cpu / max(cpu, 1e-9)))
        } else {
            print("  gbsplay not installed (make bench-deps): no peer row")
        }
        let sid = try genki(tunes, .sid)
        row("genki SID (libsidplayfp)", sid.hours, sid.cpu)
        if let player = Measure.which("sidplayfp") {
            var cpu = 0.0
            for t in tunes {
                cpu += try Measure.command("sidplayfp", player, ["-q", "-t120", "-f44100", "-w\(t).wav", t], accept: [0, 1]).cpuSeconds
            }
            row("sidplayfp -w (one per tune)", sid.hours, cpu)
            print(String(format: "  genki / sidplayfp: %.2f× the CPU (sidplayfp also writes WAV files)", sid.cpu / max(cpu, 1e-9)))
        }
    }
}
