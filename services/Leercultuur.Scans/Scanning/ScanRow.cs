using Leercultuur.Scans.Scoring;

namespace Leercultuur.Scans.Scanning;

public sealed class ScanRow
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Withdrawn = "withdrawn";
    public const string Expired = "expired";

    /// <summary>Every state a scan can be in, for the document's enum.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [Open, Completed, Expired, Withdrawn];

    public Guid Id { get; init; }

    public Guid OrganisationId { get; init; }

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public string RespondentTokenHash { get; init; } = "";

    public string Status { get; init; } = Open;

    public int ResponseCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the deadline job completes or expires the scan, if it is still open then.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The scores as JSON, once completed: <see cref="Scoring.ScanScores"/> (a plain array of dimensions for scans completed before roles).</summary>
    public string? Scores { get; init; }

    /// <summary>A team-level scan's anonymous team label, if it has one.</summary>
    public string? Team { get; init; }

    /// <summary>The hash of the result token handed out at completion.</summary>
    public string? ResultTokenHash { get; init; }

    /// <summary>This scan as its completion leaves it.</summary>
    public ScanRow AsCompleted(DateTimeOffset completedAt, int respondents, string scoresJson, string resultTokenHash) => new()
    {
        Id = Id,
        OrganisationId = OrganisationId,
        InstrumentKey = InstrumentKey,
        InstrumentVersion = InstrumentVersion,
        Period = Period,
        RespondentTokenHash = RespondentTokenHash,
        Status = ScanRow.Completed,
        ResponseCount = respondents,
        CreatedAt = CreatedAt,
        CompletedAt = completedAt,
        Deadline = Deadline,
        Scores = scoresJson,
        Team = Team,
        ResultTokenHash = resultTokenHash,
    };

    /// <summary>The stored scores, whichever shape they were stored in.</summary>
    public ScanScores? ScoresOf() => StoredScores.Read(Scores);

    public ScanResponse ToResponse() => new(
        Id,
        OrganisationId,
        new InstrumentReference(InstrumentKey, InstrumentVersion),
        Period,
        Status,
        ResponseCount,
        CreatedAt,
        CompletedAt,
        Deadline,
        Team,
        ScoresOf()?.Overall.Select(s => new ScanScore(s.Dimension, Math.Round(s.Mean, 4), Math.Round(s.Score, 2))).ToList());
}
