using Leercultuur.Data;

namespace Leercultuur.Scans.Scanning;

public sealed class ScanStatements : ISqlStatements
{
    private const string Columns =
        "id, organisation_id, instrument_key, instrument_version, period, respondent_token_hash, status, response_count, created_at, completed_at, scores, deadline";

    public string Insert { get; } =
        $"INSERT INTO scans ({Columns}) VALUES (@Id, @OrganisationId, @InstrumentKey, @InstrumentVersion, @Period, @RespondentTokenHash, @Status, @ResponseCount, @CreatedAt, @CompletedAt, @Scores, @Deadline)";

    public string Get { get; } = $"SELECT {Columns} FROM scans WHERE id = @id";

    // Taking the scan row's write lock first serialises a response with a concurrent completion:
    // whichever comes second sees the other's outcome.
    public string CountResponse { get; } =
        "UPDATE scans SET response_count = response_count + 1 WHERE id = @id AND status = 'open' AND (deadline IS NULL OR deadline > @now)";

    public string InsertResponse { get; } =
        "INSERT INTO scan_responses (id, scan_id, answers, submitted_at) VALUES (@id, @scanId, @answers, @submittedAt)";

    // Open or completed scans can be withdrawn; the row says which it was (read under the same lock).
    public string Withdraw { get; } = "UPDATE scans SET status = 'withdrawn' WHERE id = @id AND status IN ('open', 'completed', 'expired')";

    public string Due { get; } = "SELECT id FROM scans WHERE status = 'open' AND deadline IS NOT NULL AND deadline <= @now ORDER BY deadline, id";

    // Only while too few answered: an answer that came in after a failed completion attempt is not thrown away.
    public string Expire { get; } = "UPDATE scans SET status = 'expired' WHERE id = @id AND status = 'open' AND response_count < @minRespondents";

    public string Close { get; } =
        "UPDATE scans SET status = 'completed', completed_at = @completedAt WHERE id = @id AND status = 'open' AND response_count >= @minRespondents";

    public string SaveScores { get; } = "UPDATE scans SET scores = @scores WHERE id = @id";

    public string Answers { get; } = "SELECT answers FROM scan_responses WHERE scan_id = @scanId";
}
