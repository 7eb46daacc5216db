using Leercultuur.Data;

namespace Leercultuur.Scans.Replays;

public sealed class ReplayStatements(ISqlDialect dialect) : ISqlStatements
{
    // Keyset paging by id: each page continues after the last id of the one before, whatever is completed meanwhile.
    public string CompletedAfter { get; } = dialect.Page(
        "SELECT id FROM scans WHERE status = 'completed' AND id > @after ORDER BY id");

    public string CompletedFromStart { get; } = dialect.Page(
        "SELECT id FROM scans WHERE status = 'completed' ORDER BY id");

    public string CompletedEvent { get; } = "SELECT completed_event FROM scans WHERE id = @id AND status = 'completed'";
}
