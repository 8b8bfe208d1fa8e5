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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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

        // Pipeline stages.
        .target(name: "GenkiFingerprint", dependencies: ["CXXHash"]),
        .target(name: "GenkiAudio", dependencies: ["CSndFile", "CSampleRate", "CSoxr", "CFFTW", "GenkiFingerprint"]),
        .target(name: "GenkiMIDI", dependencies: ["GenkiAudio", "GenkiFingerprint"]),
        .target(
            name: "GenkiIngest",
            dependencies: ["GenkiAudio", "GenkiMIDI", "GenkiFingerprint", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "GenkiDedup", dependencies: ["GenkiIngest", "GenkiAudio", "GenkiFingerprint", "GenkiMIDI"]),
        .target(name: "GenkiSchema"),
        .target(
            name: "GenkiRegistry",
            dependencies: ["GenkiIngest", "GenkiDedup", "GenkiFingerprint", "GenkiMIDI", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "GenkiAudit",
            dependencies: ["GenkiRegistry", "GenkiDedup", "GenkiFingerprint", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "GenkiScoring", dependencies: ["GenkiAudit", "GenkiRegistry"]),
        .target(name: "GenkiCrynux", dependencies: ["CSecp256k1", "GenkiFingerprint"]),
        .target(name: "GenkiBittensor", dependencies: ["GenkiRegistry", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "GenkiShards",
            dependencies: ["GenkiIngest", "GenkiDedup", "GenkiAudio", "GenkiAudit", "GenkiMIDI", "GenkiFingerprint", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "GenkiFixtures", dependencies: ["GenkiAudio", "GenkiMIDI"]),
        // The fuzzed entry points, shared by the libFuzzer harnesses (fuzz/) and the corpus replay test.
        .target(name: "GenkiFuzzTargets", dependencies: ["GenkiAudio", "GenkiAudit", "GenkiFingerprint", "GenkiIngest", "GenkiMIDI", "GenkiRegistry", "GenkiShards"]),

        // Executables: thin shells over the libraries.
        .executableTarget(
            name: "genki",
            dependencies: [
                "GenkiIngest",
                "GenkiDedup",
                "GenkiRegistry",
                "GenkiAudit",
                "GenkiScoring",
                "GenkiShards",
                "GenkiBittensor",
                "GenkiCrynux",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "genki-fixtures",
            dependencies: ["GenkiFixtures", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "genki-bench",
            dependencies: ["GenkiFixtures", "GenkiIngest", "GenkiDedup", "GenkiRegistry", "GenkiAudit", "GenkiShards", .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // libFuzzer harnesses (fuzz/build.sh, `make fuzz`); an ordinary build makes replay tools.
        .executableTarget(name: "fuzz-audio", dependencies: ["GenkiFuzzTargets", "CLibFuzzer"], path: "fuzz/harnesses/audio"),
        .executableTarget(name: "fuzz-midi", dependencies: ["GenkiFuzzTargets", "CLibFuzzer"], path: "fuzz/harnesses/midi"),
        .executableTarget(name: "fuzz-tar", dependencies: ["GenkiFuzzTargets", "CLibFuzzer"], path: "fuzz/harnesses/tar"),
        .executableTarget(name: "fuzz-json", dependencies: ["GenkiFuzzTargets", "CLibFuzzer"], path: "fuzz/harnesses/json"),
        .executableTarget(name: "fuzz-fingerprint", dependencies: ["GenkiFuzzTargets", "CLibFuzzer"], path: "fuzz/harnesses/fingerprint"),

        // Tests mirror the modules.
        .testTarget(name: "GenkiAudioTests", dependencies: ["GenkiAudio", "GenkiFixtures", "GenkiFingerprint"]),
        .testTarget(name: "GenkiFingerprintTests", dependencies: ["GenkiFingerprint", "GenkiFixtures"]),
        .testTarget(name: "GenkiMIDITests", dependencies: ["GenkiMIDI", "GenkiFixtures"]),
        .testTarget(name: "GenkiIngestTests", dependencies: ["GenkiIngest", "GenkiFixtures", "GenkiSchema", "GenkiFingerprint"]),
        .testTarget(name: "GenkiSchemaTests", dependencies: ["GenkiSchema"]),
        .testTarget(name: "GenkiDedupTests", dependencies: ["GenkiDedup", "GenkiIngest", "GenkiFixtures", "GenkiSchema", "GenkiFingerprint", "GenkiMIDI"]),
        .testTarget(name: "GenkiRegistryTests", dependencies: ["GenkiRegistry", "GenkiIngest", "GenkiFixtures", "GenkiSchema"]),
        .testTarget(name: "GenkiAuditTests", dependencies: ["GenkiAudit", "GenkiRegistry", "GenkiFixtures", "GenkiSchema", "GenkiMIDI", "GenkiIngest", "GenkiFingerprint"]),
        .testTarget(name: "GenkiScoringTests", dependencies: ["GenkiScoring", "GenkiAudit"]),
        .testTarget(name: "GenkiShardsTests", dependencies: ["GenkiShards", "GenkiFixtures", "GenkiSchema", "GenkiAudio"]),
        .testTarget(
            name: "GenkiCrynuxTests",
            dependencies: [
                "GenkiCrynux",
                "GenkiSchema",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "GenkiBittensorTests", dependencies: ["GenkiBittensor", "GenkiSchema"]),
        .testTarget(name: "GenkiFuzzTargetsTests", dependencies: ["GenkiFuzzTargets"]),
        .testTarget(name: "GenkiCLITests", dependencies: ["GenkiFixtures", "GenkiSchema", "GenkiMIDI", "GenkiRegistry"]),
    ],
    swiftLanguageModes: [.v6]
)
