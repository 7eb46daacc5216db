namespace Leercultuur.Scans.Scoring;

/// <summary>
/// One respondent's answers as stored: item → value for <c>single</c> instruments, item → now and wanted
/// for <c>current-desired</c> ones. Nothing about the person.
/// </summary>
public sealed record RespondentAnswers
{
    public Dictionary<string, int>? Answers { get; init; }

    public Dictionary<string, Rating>? Ratings { get; init; }

    /// <summary>Item ids answered, whichever mode.</summary>
    public IEnumerable<string> Items => (Answers?.Keys ?? Enumerable.Empty<string>()).Concat(Ratings?.Keys ?? Enumerable.Empty<string>());

    /// <summary>Whether two answer sets say the same, whatever the order of their members.</summary>
    public bool SameAs(RespondentAnswers other) =>
        Same(Answers, other.Answers) && Same(Ratings, other.Ratings);

    private static bool Same<T>(Dictionary<string, T>? a, Dictionary<string, T>? b) =>
        (a is null or { Count: 0 } && b is null or { Count: 0 }) ||
        (a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && EqualityComparer<T>.Default.Equals(v, p.Value)));
}

/// <summary>A current-desired answer: how it is now and how the respondent wants it, both on the scale.</summary>
public sealed record Rating(int? Now, int? Wanted);

/// <summary>A submitted respondent: the role they answered as, and their answers.</summary>
public sealed record Respondent(string Role, RespondentAnswers Answers);
