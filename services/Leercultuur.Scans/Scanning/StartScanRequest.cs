using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Contracts;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Scanning;

public sealed partial record StartScanRequest : IValidatable
{
    /// <summary>What an instrument key looks like: lowercase letters, digits and hyphens, at most 100.</summary>
    public const string InstrumentKeyPattern = "^[a-z0-9][a-z0-9-]{0,99}$";

    /// <summary>The organisation, as registered with the organisation service.</summary>
    [Required, Description("The organisation, as registered with the organisation service.")]
    public Guid? OrganisationId { get; init; }

    /// <summary>Instrument key, for example <c>team-psychological-safety</c>.</summary>
    [Required, RegularExpression(InstrumentKeyPattern), Description("Instrument key, for example team-psychological-safety (GET /scans/v1/instruments).")]
    public string? Instrument { get; init; }

    /// <summary>Instrument version; the latest when left out.</summary>
    [Range(1, int.MaxValue), Description("Instrument version; the latest when left out.")]
    public int? InstrumentVersion { get; init; }

    /// <summary>The period the scan reports on: a year (<c>2026</c>) or a quarter (<c>2026-Q4</c>).</summary>
    [Required, RegularExpression(Contracts.Period.SchemaPattern), Description("The period the scan reports on: a year (2026) or a quarter (2026-Q4), from 2000 to 2100.")]
    public string? Period { get; init; }

    /// <summary>How far ahead a deadline may lie.</summary>
    public static readonly TimeSpan MaxDeadline = TimeSpan.FromDays(366);

    /// <summary>Optional: at this instant the scan is completed when every role has its minimum of respondents, and expires otherwise.</summary>
    [Description("Optional (RFC 3339 with offset): at this instant the scan is completed when it has enough respondents, and expires otherwise. After now, at most 366 days ahead.")]
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The most characters a team label has.</summary>
    public const int MaxTeamLength = 100;

    /// <summary>Optional, for team-level instruments: an anonymous label for the team, such as "Team A".</summary>
    [StringLength(MaxTeamLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern),
     Description("Optional, for team-level instruments: an anonymous label for the team (for example Team A), 1 to 100 characters, no names of people. One open scan per team and period.")]
    public string? Team { get; init; }

    public void Validate(ValidationErrors errors)
    {
        errors.Require(Team is null || TextRules.HasText(Team, MaxTeamLength), "team", $"A team label is 1 to {MaxTeamLength} characters of text on one line.");
        errors.Require(OrganisationId is not null && OrganisationId != Guid.Empty, "organisationId", "An organisation id is required.");
        errors.Require(Instrument is not null && InstrumentKey().IsMatch(Instrument), "instrument", "An instrument key is required: lowercase letters, digits and hyphens, at most 100 (GET /scans/v1/instruments).");
        errors.Require(InstrumentVersion is null or >= 1, "instrumentVersion", "An instrument version is 1 or more.");
        errors.Require(Contracts.Period.TryParse(Period, out _), "period", "A period is a year (2026) or a quarter (2026-Q4), from 2000 to 2100.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,99}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex InstrumentKey();
}
