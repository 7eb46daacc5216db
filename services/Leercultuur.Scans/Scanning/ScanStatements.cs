using Leercultuur.Data;

namespace Leercultuur.Scans.Scanning;

public sealed class ScanStatements : ISqlStatements
{
    private const string Columns =
        "id, organisation_id, instrument_key, instrument_version, period, respondent_token_hash, status, response_count, created_at, completed_at, scores, deadline, team, result_token_hash";

    public string Insert { get; } =
        $"INSERT INTO scans ({Columns}) VALUES (@Id, @OrganisationId, @InstrumentKey, @InstrumentVersion, @Period, @RespondentTokenHash, @Status, @ResponseCount, @CreatedAt, @CompletedAt, @Scores, @Deadline, @Team, @ResultTokenHash)";

    public string Get { get; } = $"SELECT {Columns} FROM scans WHERE id = @id";

    // Changes nothing but takes the scan row's write lock while the scan is open: whatever a transaction
    // does after it (a submission, a batch of tokens, a completion) is serialised with every other.
    public string LockOpen { get; } =
        "UPDATE scans SET status = status WHERE id = @id AND status = 'open' AND (deadline IS NULL OR deadline > @now)";

    // The same for the deadline job, which acts after the deadline.
    public string LockOpenAnyTime { get; } = "UPDATE scans SET status = status WHERE id = @id AND status = 'open'";

    public string CountSubmission { get; } = "UPDATE scans SET response_count = response_count + 1 WHERE id = @id";

    // One open scan per organisation, instrument, period and team (no label is a team of its own).
    public string OpenOfTeam { get; } =
        "SELECT id FROM scans WHERE organisation_id = @organisationId AND instrument_key = @instrumentKey AND period = @period AND status = 'open' AND COALESCE(team, '') = @team";

    // An organisation's completed scans of one instrument version and period: its teams side by side.
    public string CompletedOfPeriod { get; } =
        $"SELECT {Columns} FROM scans WHERE organisation_id = @organisationId AND instrument_key = @instrumentKey AND instrument_version = @instrumentVersion AND period = @period AND status = 'completed' ORDER BY completed_at, id";

    // Open or completed scans can be withdrawn; the row says which it was (read under the same lock).
    public string Withdraw { get; } = "UPDATE scans SET status = 'withdrawn' WHERE id = @id AND status IN ('open', 'completed', 'expired')";

    public string Due { get; } = "SELECT id FROM scans WHERE status = 'open' AND deadline IS NOT NULL AND deadline <= @now ORDER BY deadline, id";

    // Only after the caller checked, under LockOpenAnyTime, that some role is short of its minimum.
    public string Expire { get; } = "UPDATE scans SET status = 'expired' WHERE id = @id AND status = 'open'";

    public string Close { get; } =
        "UPDATE scans SET status = 'completed', completed_at = @completedAt, result_token_hash = @resultTokenHash WHERE id = @id AND status = 'open'";

    // A new result token replaces the old one, which stops working at once.
    public string RenewResultToken { get; } = "UPDATE scans SET result_token_hash = @resultTokenHash WHERE id = @id AND status = 'completed'";

    public string SaveScores { get; } = "UPDATE scans SET scores = @scores, completed_event = @completedEvent WHERE id = @id";
}
