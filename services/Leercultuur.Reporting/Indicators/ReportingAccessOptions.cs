namespace Leercultuur.Reporting.Indicators;

/// <summary>The <c>Reporting:Access</c> section: who may read what without a token.</summary>
public sealed class ReportingAccessOptions
{
    public const string Section = "Reporting:Access";

    /// <summary>
    /// National published indicators are open data, as official statistics are (CBS StatLine):
    /// readable without a token. Set to false to require a token of an analyst, a programme or an admin.
    /// </summary>
    public bool PublicIndicators { get; set; } = true;
}
