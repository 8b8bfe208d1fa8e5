/// One miner's score for a round (the registry's `scores` table).
public struct ScoreRow: Sendable, Equatable {
    public var round: String
    public var miner: String
    public var novelty: Double
    public var quality: Double
    public var diversity: Double
    public var volume: Double
    public var score: Double

    public init(round: String, miner: String, novelty: Double, quality: Double, diversity: Double, volume: Double, score: Double) {
        self.round = round
        self.miner = miner
        self.novelty = novelty
        self.quality = quality
        self.diversity = diversity
        self.volume = volume
        self.score = score
    }
}
