using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Indicators;

/// <summary>The <c>Reporting:Disclosure</c> section: when a figure may be published. Validated at start-up.</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Reporting:Disclosure";

    /// <summary>A cell needs at least this many organisations (k) to be published.</summary>
    [Range(3, 1000, ErrorMessage = "must be from 3 to 1000: fewer than 3 organisations in a cell would let one of them read another's figure.")]
    public int MinimumOrganisations { get; set; } = 5;

    /// <summary>An organisation's scan counts only with at least this many respondents (m).</summary>
    [Range(3, 1000, ErrorMessage = "must be from 3 to 1000: a scan of fewer respondents would show individuals' answers.")]
    public int MinimumRespondentsPerOrganisation { get; set; } = 3;

    /// <summary>
    /// Dominance: a cell is hidden when one organisation has more than this share of its respondents
    /// (its figure would be mostly that organisation's).
    /// </summary>
    [Range(0.2, 0.9, ErrorMessage = "must be from 0.2 to 0.9: above 0.9 one organisation could make up nearly the whole cell, below 0.2 nearly every cell of five would be hidden.")]
    public double DominanceShare { get; set; } = 0.5;

    /// <summary>
    /// Median and quartiles are shown only for cells of at least this many organisations: in a cell of five
    /// the quartiles are the second, third and fourth organisation's own scores.
    /// </summary>
    [Range(10, 1000, ErrorMessage = "must be from 10 to 1000: in smaller cells the quartiles are individual organisations' scores.")]
    public int MinimumOrganisationsForQuartiles { get; set; } = 10;
}
