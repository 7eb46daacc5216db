namespace Leercultuur.Organisations.Programmes;

/// <summary>A branch programme: a sector body or training fund whose client integrates through the API.</summary>
public sealed record ProgrammeRow
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>The SBI sections it serves, comma-separated letters.</summary>
    public string SbiSections { get; init; } = "";

    /// <summary>Where the programme wants to hear of events later (not called yet).</summary>
    public string? WebhookUrl { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public long Version { get; init; } = 1;

    public IReadOnlyList<string> Sections() => SbiSections.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
