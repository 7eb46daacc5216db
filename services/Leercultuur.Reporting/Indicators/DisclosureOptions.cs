namespace Leercultuur.Reporting.Indicators;

/// <summary>The <c>Reporting:Disclosure</c> section: when a figure may be published.</summary>
public sealed class DisclosureOptions
{
    /// <summary>A cell needs at least this many organisations (k) to be published.</summary>
    public int MinimumOrganisations { get; set; } = 5;

    /// <summary>An organisation's scan counts only with at least this many respondents (m).</summary>
    public int MinimumRespondentsPerOrganisation { get; set; } = 3;
}
