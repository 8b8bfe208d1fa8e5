import GenkiIngest
import GenkiModel
import GenkiRegistry

/// Batches successful ingest records into the registry (one transaction per batch, so a killed
/// run loses at most the last batch, and a re-run upserts instead of duplicating).
public final class RegistrySink {
    public let registry: Registry
    /// The dataset the records belong to.
    public let dataset: Int64
    private var pending: [CatalogItem] = []
    /// The first write failure; later records are not written.
    public private(set) var failure: RegistryError?
    static let batch = 256

    /// Opens (or creates) the registry at `path` and its dataset `name` (owned by `miner` on first use).
    public init(path: String, dataset name: String, miner: String?) throws(RegistryError) {
        registry = try Registry(path: path)
        dataset = try registry.dataset(named: name, miner: miner)
    }

    /// Queues a record (failures are ignored); writes a batch when one is full.
    public func add(_ record: IngestRecord) {
        guard let item = record.catalogItem else { return }
        pending.append(item)
        if pending.count >= Self.batch { flush() }
    }

    /// Writes what is queued.
    public func flush() {
        guard failure == nil, !pending.isEmpty else { return }
        do {
            try registry.upsert(pending, dataset: dataset)
        } catch {
            failure = error
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes what is queued and throws the first failure, if any.
    public func finish() throws(RegistryError) {
        flush()
        if let failure { throw failure }
    }
}
