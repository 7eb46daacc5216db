using System.Text.Json.Serialization;

namespace Leercultuur.Scans.Instruments;

/// <summary>
/// A questionnaire as data, as its definition file says (<c>Instruments/instrument.schema.json</c>): texts
/// in Dutch and English, the answer scale, who answers which items, how items form dimensions, and what
/// may be computed from them. A change to wording, items or scoring is a new version; scans keep the
/// version they started with.
/// </summary>
public sealed record Instrument
{
    public const string Published = "published";
    public const string Single = "single";
    public const string CurrentDesired = "current-desired";

    public required string Key { get; init; }

    public required int Version { get; init; }

    /// <summary><c>draft</c>, <c>published</c> or <c>retired</c>.</summary>
    public required string Status { get; init; }

    public required LocalizedText Title { get; init; }

    public required LocalizedText Description { get; init; }

    /// <summary>Where the instrument comes from (citation), and who wrote this wording.</summary>
    public required LocalizedText Source { get; init; }

    /// <summary>What a scan describes: <c>team</c> or <c>organisation</c>.</summary>
    public required string Level { get; init; }

    public required AnswerScale Scale { get; init; }

    /// <summary><c>single</c> or <c>current-desired</c>.</summary>
    public required string RatingMode { get; init; }

    /// <summary>Whether results may be compared with and aggregated into national figures.</summary>
    public required bool Benchmark { get; init; }

    public required IReadOnlyList<InstrumentRole> Roles { get; init; }

    public required IReadOnlyList<InstrumentDimension> Dimensions { get; init; }

    public required IReadOnlyList<InstrumentItem> Items { get; init; }

    public IReadOnlyList<Classification> Classifications { get; init; } = [];

    public Comparability? ComparableTo { get; init; }

    /// <summary>Fewer respondents than this and a scan cannot be completed: every role's minimum together.</summary>
    [JsonIgnore]
    public int MinRespondents => Roles.Sum(r => r.MinRespondents);
}

/// <summary>A text in Dutch and, where written, English; Dutch stands in for a missing English text.</summary>
public sealed record LocalizedText(string Nl, string? En = null)
{
    public string In(string language) => language == "en" && En is not null ? En : Nl;
}

public sealed record AnswerScale(int Min, int Max, IReadOnlyList<ScaleLabel> Labels);

public sealed record ScaleLabel(int Value, LocalizedText Label);

/// <summary>Who answers (for example <c>employer</c>, <c>employee</c>), which items, and how many must.</summary>
public sealed record InstrumentRole(string Key, LocalizedText Label, IReadOnlyList<string> Items, int MinRespondents, int MaxRespondents);

public sealed record InstrumentDimension(string Key, LocalizedText Label, IReadOnlyList<string> Items, LocalizedText? Description = null);

public sealed record InstrumentItem(string Id, LocalizedText Text, string Dimension, bool Reverse);

/// <summary>A quadrant from two dimensions' means, split at cut-offs on the answer scale.</summary>
public sealed record Classification(string Key, LocalizedText Label, string X, string Y, CutOff CutOff, IReadOnlyList<Zone> Zones);

public sealed record CutOff(double X, double Y);

/// <summary>One quadrant: <c>low</c> or <c>high</c> on each axis.</summary>
public sealed record Zone(string Key, LocalizedText Label, string X, string Y, LocalizedText? Description = null);

/// <summary>The earlier version a new version continues, and which of its dimensions continue which of that version's.</summary>
public sealed record Comparability(int Version, IReadOnlyDictionary<string, string> Dimensions);
