// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "genki",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "genki", targets: ["genki"]),
        .executable(name: "genki-fixtures", targets: ["genki-fixtures"]),
        .executable(name: "genki-bench", targets: ["genki-bench"]),
        .library(name: "GenkiIngest", targets: ["GenkiIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"), .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"), .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // System libraries (Debian -dev packages, installed by `make setup`).
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        // libFuzzer's driver entry, declared only (compiler-rt links it under -sanitize=fuzzer).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CLibOpenMPT", pkgConfig: "libopenmpt", providers: [.apt(["libopenmpt-dev"])]),
        .systemLibrary(name: "CGME", pkgConfig: "libgme", providers: [.apt(["libgme-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Shared utilities every layer may use: hex, digests, xxHash, MinHash + LSH, union-find and
        // the candidate graph, Merkle trees, canonical JSON, atomic and private files.
        .target(name: "GenkiCore", dependencies: ["CXXHash", .product(name: "Crypto", package: "swift-crypto")]),
        // The domain: the catalog item, fingerprint values and their stored forms, and the enums
        // (media kind, ingest status, dedup role, audit verdict, sample source). Storage
        // (GenkiRegistry) depends on this and the utilities only.
        .target(name: "GenkiModel", dependencies: ["GenkiCore"]),

        // Pipeline stages.
        .target(name: "GenkiFingerprint", dependencies: ["GenkiCore", "GenkiModel"]),
        .target(name: "GenkiAudio", dependencies: ["CFFTW", "CSampleRate", "CSndFile", "CSoxr", "GenkiCore", "GenkiFingerprint", "GenkiModel"]),
        .target(name: "GenkiMIDI", dependencies: ["GenkiCore", "GenkiFingerprint", "GenkiModel"]),
        // The built-in chiptune renderer (MIDI → audio), apart so that parsing MIDI links no audio library.
        .target(name: "GenkiSynth", dependencies: ["GenkiAudio", "GenkiMIDI"]),
        // Tracker modules and chip music rendered through their own libraries.
        // libsidplayfp has only a C++ API: this target is the small C interface genki calls.
        .target(name: "CSIDPlayFP", linkerSettings: [.linkedLibrary("sidplayfp")]),
        .target(name: "GenkiChip", dependencies: ["CSIDPlayFP", "CGME", "CLibOpenMPT", "CZlib", "GenkiCore", "GenkiMIDI"]),
        .target(
            name: "GenkiIngest",
            dependencies: ["GenkiAudio", "GenkiChip", "GenkiCore", "GenkiFingerprint", "GenkiMIDI", "GenkiModel", "GenkiSynth"]
        ),
        .target(name: "GenkiDedup", dependencies: ["GenkiCore", "GenkiFingerprint", "GenkiMIDI", "GenkiModel"]),
        .target(name: "GenkiSchema"),
        .target(
            name: "GenkiRegistry",
            dependencies: ["GenkiCore", "GenkiModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "GenkiAudit",
            dependencies: ["GenkiCore", "GenkiFingerprint", "GenkiMIDI", "GenkiModel", "GenkiRegistry", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "GenkiScoring", dependencies: ["GenkiModel", "GenkiRegistry"]),
        .target(name: "GenkiCrynux", dependencies: ["CSecp256k1", "GenkiCore", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "GenkiBittensor", dependencies: ["GenkiCore", "GenkiModel", "GenkiRegistry", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "GenkiShards",
            dependencies: ["GenkiAudio", "GenkiChip", "GenkiCore", "GenkiFingerprint", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiSynth", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // One library pipeline: ingest → items → dedup → registry sink / shard writer, as
        // `genki dedup`, `genki shard` and distributed ranks run it.
        .target(name: "GenkiPipeline", dependencies: ["GenkiCore", "GenkiDedup", "GenkiIngest", "GenkiModel", "GenkiRegistry", "GenkiShards"]),
        .target(name: "GenkiFixtures", dependencies: ["CZlib", "GenkiAudio", "GenkiCore", "GenkiMIDI"]),
        // The fuzzed entry points, shared by the libFuzzer harnesses (fuzz/) and the corpus replay test.
        .target(
            name: "GenkiFuzzTargets",
            dependencies: ["CLibFuzzer", "GenkiAudio", "GenkiAudit", "GenkiChip", "GenkiFingerprint", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiRegistry", "GenkiShards", "GenkiSynth"]),

        // Executables: thin shells over the libraries.
        .executableTarget(
            name: "genki",
            dependencies: [
                "GenkiAudio", "GenkiAudit", "GenkiBittensor", "GenkiCore", "GenkiCrynux", "GenkiDedup", "GenkiFingerprint", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiPipeline", "GenkiRegistry",
                "GenkiScoring", "GenkiShards", "GenkiSynth", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "genki-fixtures",
            dependencies: ["GenkiFixtures", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "genki-bench",
            dependencies: [
                "CLibOpenMPT", "GenkiAudio", "GenkiAudit", "GenkiChip", "GenkiCore", "GenkiDedup", "GenkiFingerprint", "GenkiFixtures", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiRegistry",
                "GenkiShards",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // libFuzzer harnesses (fuzz/build.sh, `make fuzz`); an ordinary build makes replay tools.
        .executableTarget(name: "fuzz-audio", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/audio"),
        .executableTarget(name: "fuzz-midi", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/midi"),
        .executableTarget(name: "fuzz-tar", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/tar"),
        .executableTarget(name: "fuzz-json", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/json"),
        .executableTarget(name: "fuzz-fingerprint", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/fingerprint"),
        .executableTarget(name: "fuzz-chip", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/chip"),
        .executableTarget(name: "fuzz-gme", dependencies: ["GenkiFuzzTargets"], path: "fuzz/harnesses/gme"),

        // Tests mirror the modules.
        .testTarget(name: "GenkiAudioTests", dependencies: ["GenkiAudio", "GenkiFingerprint", "GenkiFixtures", "GenkiModel"]),
        .testTarget(name: "GenkiFingerprintTests", dependencies: ["GenkiCore", "GenkiFingerprint", "GenkiFixtures"]),
        .testTarget(name: "GenkiCoreTests", dependencies: ["GenkiCore", "GenkiFixtures"]),
        .testTarget(name: "GenkiChipTests", dependencies: ["CLibOpenMPT", "GenkiChip", "GenkiFixtures", "GenkiMIDI", "GenkiModel"]),
        .testTarget(name: "GenkiModelTests", dependencies: ["GenkiCore", "GenkiFixtures", "GenkiModel"]),
        .testTarget(name: "GenkiMIDITests", dependencies: ["GenkiFixtures", "GenkiMIDI", "GenkiModel"]),
        .testTarget(name: "GenkiSynthTests", dependencies: ["GenkiAudio", "GenkiFixtures", "GenkiMIDI", "GenkiSynth"]),
        .testTarget(name: "GenkiIngestTests", dependencies: ["GenkiAudio", "GenkiChip", "GenkiCore", "GenkiFingerprint", "GenkiFixtures", "GenkiIngest", "GenkiModel", "GenkiSchema"]),
        .testTarget(name: "GenkiSchemaTests", dependencies: ["GenkiSchema"]),
        .testTarget(name: "GenkiDedupTests", dependencies: ["GenkiAudio", "GenkiCore", "GenkiDedup", "GenkiFingerprint", "GenkiFixtures", "GenkiIngest", "GenkiMIDI", "GenkiModel"]),
        .testTarget(
            name: "GenkiRegistryTests",
            dependencies: ["GenkiCore", "GenkiFingerprint", "GenkiFixtures", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiRegistry", "GenkiSchema", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "GenkiAuditTests",
            dependencies: ["GenkiAudit", "GenkiCore", "GenkiFingerprint", "GenkiFixtures", "GenkiIngest", "GenkiMIDI", "GenkiModel", "GenkiRegistry", "GenkiSchema", "GenkiScoring"]),
        .testTarget(name: "GenkiScoringTests", dependencies: ["GenkiFixtures", "GenkiModel", "GenkiRegistry", "GenkiScoring"]),
        .testTarget(
            name: "GenkiShardsTests",
            dependencies: [
                "GenkiAudio", "GenkiChip", "GenkiCore", "GenkiFixtures", "GenkiIngest", "GenkiMIDI", "GenkiPipeline", "GenkiSchema", "GenkiShards", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "GenkiCrynuxTests",
            dependencies: [
                "GenkiCore", "GenkiCrynux", "GenkiFixtures", "GenkiSchema", .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "GenkiBittensorTests", dependencies: ["GenkiBittensor", "GenkiCore", "GenkiFixtures"]),
        .testTarget(name: "GenkiFuzzTargetsTests", dependencies: ["GenkiFixtures", "GenkiFuzzTargets"]),
        .testTarget(name: "GenkiCLITests", dependencies: ["GenkiAudio", "GenkiCore", "GenkiFixtures", "GenkiMIDI", "GenkiModel", "GenkiRegistry", "GenkiSchema"]),
    ],
    swiftLanguageModes: [.v6]
)
