namespace Leercultuur.Scans.Instruments;

/// <summary>
/// A questionnaire as data: items on one answer scale, grouped into dimensions. A change to wording,
/// items or scoring is a new version; scans keep the version they started with.
/// </summary>
public sealed record Instrument
{
    public required string Key { get; init; }

    public required int Version { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>Where the instrument comes from (citation).</summary>
    public required string Source { get; init; }

    /// <summary>The level the construct lives on, for example <c>team</c> or <c>organisation</c>.</summary>
    public required string Level { get; init; }

    /// <summary>Fewer respondents than this and a scan cannot be completed: its scores would show individuals.</summary>
    public required int MinRespondents { get; init; }

    public required AnswerScale Scale { get; init; }

    public required IReadOnlyList<InstrumentItem> Items { get; init; }

    public required IReadOnlyList<InstrumentDimension> Dimensions { get; init; }
}

public sealed record AnswerScale(int Min, int Max, IReadOnlyList<ScaleLabel> Labels);

public sealed record ScaleLabel(int Value, string Label);

public sealed record InstrumentItem(string Id, string Text, bool Reverse);

public sealed record InstrumentDimension(string Key, string Name, IReadOnlyList<string> Items);
