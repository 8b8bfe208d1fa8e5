import Foundation
import GenkiChip
import GenkiFixtures

/// Render throughput of tracker modules and chip logs: genki's renders (libopenmpt, libgme, in
/// process) against the command-line player rendering the same files to WAV (`openmpt123
/// --render`, same rate, float, no dither). CPU seconds per hour of rendered audio.
enum ChipBench {
    static func run(files: Int, directory: URL) throws {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var modules: [String] = []
        var logs: [String] = []
        var tunes: [String] = []
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
        }
        print("")
        print("chip renders: \(files) generated MODs (16 patterns), \(files) SN76489 VGMs (2 min) and \(files) PSID tunes (120 s), 44.1 kHz stereo")
        print(String(format: "  %-28@ %10@ %10@ %14@", "renderer" as NSString, "audio h" as NSString, "CPU-s" as NSString, "CPU-s / audio h" as NSString))
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
            print(String(format: "  %-28@ %10.3f %10.2f %14.1f", name as NSString, hours, cpu, cpu / max(hours, 1e-9)))
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
