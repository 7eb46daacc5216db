namespace Leercultuur.Scans.Respondents;

/// <summary>One single-use respondent token: its hash, its role, and what its holder saved or submitted.</summary>
public sealed class RespondentRow
{
    public const string Invited = "invited";
    public const string Answering = "answering";
    public const string Submitted = "submitted";

    public string TokenHash { get; init; } = "";

    public Guid ScanId { get; init; }

    public string Role { get; init; } = "";

    public string Status { get; init; } = Invited;

    /// <summary><see cref="Scoring.RespondentAnswers"/> as JSON, once anything is saved.</summary>
    public string? Answers { get; init; }

    /// <summary>Days only (<c>yyyy-MM-dd</c>, UTC): when a person answered must not single them out.</summary>
    public string InvitedOn { get; init; } = "";

    public string? SavedOn { get; init; }

    public string? SubmittedOn { get; init; }
}

/// <summary>How many tokens of a role are in a state.</summary>
public sealed class RoleStatusCount
{
    public string Role { get; init; } = "";

    public string Status { get; init; } = "";

    public int Count { get; init; }
}

/// <summary>How many of a role submitted.</summary>
public sealed class RoleCount
{
    public string Role { get; init; } = "";

    public int Count { get; init; }
}

/// <summary>A submitted respondent's role and answers as stored.</summary>
public sealed class SubmittedRow
{
    public string Role { get; init; } = "";

    public string Answers { get; init; } = "";
}
