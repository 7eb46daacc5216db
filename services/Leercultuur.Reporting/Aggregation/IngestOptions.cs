using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Aggregation;

/// <summary>How completed scans are taken in: in batches, one database transaction each.</summary>
public sealed class IngestOptions
{
    public const string Section = "Reporting:Ingest";

    /// <summary>The most messages in one batch (and one transaction). Each holds its organisation's lock to the
    /// end of the batch: at most 500 × 4 locks at once stay well inside PostgreSQL's default lock table.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a batch waits for more messages after its first before it is taken in as it is.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many batches run at once (they take organisation locks in one order, so they never deadlock on those).</summary>
    [Range(1, 4)]
    public int ConcurrentBatches { get; set; } = 2;
}
