using Leercultuur.Data;

namespace Leercultuur.Scans.Respondents;

public sealed class RespondentStatements : ISqlStatements
{
    private const string Columns = "token_hash, scan_id, role, status, answers, invited_on, saved_on, submitted_on";

    public string Insert { get; } =
        $"INSERT INTO respondents ({Columns}) VALUES (@TokenHash, @ScanId, @Role, @Status, @Answers, @InvitedOn, @SavedOn, @SubmittedOn)";

    public string Find { get; } = $"SELECT {Columns} FROM respondents WHERE token_hash = @tokenHash";

    public string CountIssued { get; } = "SELECT COUNT(*) FROM respondents WHERE scan_id = @scanId AND role = @role";

    public string Summary { get; } = "SELECT role AS Role, status AS Status, COUNT(*) AS Count FROM respondents WHERE scan_id = @scanId GROUP BY role, status";

    public string SubmittedPerRole { get; } = "SELECT role AS Role, COUNT(*) AS Count FROM respondents WHERE scan_id = @scanId AND status = 'submitted' GROUP BY role";

    public string Submitted { get; } = "SELECT role AS Role, answers AS Answers FROM respondents WHERE scan_id = @scanId AND status = 'submitted'";

    // Answers from before single-use tokens (one shared token, one role): still counted and scored.
    public string LegacyAnswers { get; } = "SELECT answers FROM scan_responses WHERE scan_id = @scanId";

    // Only tokens nobody has used: saved or submitted answers are never thrown away this way.
    public string RevokeUnused { get; } = "DELETE FROM respondents WHERE scan_id = @scanId AND role = @role AND status = 'invited'";

    public string Save { get; } =
        "UPDATE respondents SET answers = @answers, status = 'answering', saved_on = @day WHERE token_hash = @tokenHash AND scan_id = @scanId AND status <> 'submitted'";

    public string Submit { get; } =
        "UPDATE respondents SET answers = @answers, status = 'submitted', saved_on = @day, submitted_on = @day WHERE token_hash = @tokenHash AND scan_id = @scanId AND status <> 'submitted'";
}
